package io.lumina.dashboard.view;

import io.lumina.dashboard.clients.BackendException;
import java.util.function.Supplier;

/**
 * One panel's data or the reason it could not be loaded. A page is built from sections so that one
 * missing backend or endpoint shows one error panel, not a broken page.
 */
public record Section<T>(T value, BackendException error) {

  public static <T> Section<T> load(Supplier<T> loader) {
    try {
      return new Section<>(loader.get(), null);
    } catch (BackendException e) {
      return new Section<>(null, e);
    }
  }

  public boolean ok() {
    return error == null;
  }
}
