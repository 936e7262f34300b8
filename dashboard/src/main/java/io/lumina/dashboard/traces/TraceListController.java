package io.lumina.dashboard.traces;

import io.lumina.api.traces.TracePage;
import io.lumina.dashboard.clients.DashboardProperties;
import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.view.Section;
import java.time.Clock;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The trace list: a filter form and a table that polls for new traces while live refresh is on. */
@Controller
class TraceListController {
  private final QueryApiClient api;
  private final Clock clock;
  private final DashboardProperties props;

  TraceListController(QueryApiClient api, Clock clock, DashboardProperties props) {
    this.api = api;
    this.clock = clock;
    this.props = props;
  }

  @GetMapping("/traces")
  String page(@ModelAttribute("f") TraceFilter filter, Model model) {
    rows(filter, model);
    model.addAttribute("services", Section.load(api::services));
    model.addAttribute("active", "traces");
    return "traces/list";
  }

  /** The table alone: what live refresh and filter changes swap in. */
  @GetMapping("/traces/rows")
  String rows(@ModelAttribute("f") TraceFilter filter, Model model) {
    Section<TracePage> page = Section.load(() -> api.traces(filter.apiParams(clock)));
    model.addAttribute("page", page);
    model.addAttribute("live", filter.isLive());
    model.addAttribute("refreshSeconds", Math.max(1, props.liveRefresh().toSeconds()));
    model.addAttribute("liveQuery", filter.query(true));
    model.addAttribute("pausedQuery", filter.query(false));
    model.addAttribute(
        "nextQuery",
        page.ok() && page.value().nextCursor() != null
            ? filter.queryWithCursor(page.value().nextCursor())
            : null);
    return "traces/list :: rows";
  }
}
