package io.lumina.query.web;

import io.lumina.model.Projects;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Reads the caller's project from the request attribute {@link Projects#REQUEST_ATTRIBUTE}, which
 * the authentication filter sets from the API key. While authentication is off no filter sets it
 * and every caller is in {@link Projects#DEFAULT_PROJECT}. This is the only place that knows the
 * fallback.
 */
final class CallerProjectResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == CallerProject.class;
  }

  @Override
  public CallerProject resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mav,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    Object project =
        request.getAttribute(Projects.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (project instanceof String id && !id.isBlank()) {
      return new CallerProject(id);
    }
    return new CallerProject(Projects.DEFAULT_PROJECT);
  }
}
