package io.outcry;

import io.outcry.catalog.CatalogController;
import io.outcry.catalog.ServiceAdminController;
import io.outcry.feed.Feeds;
import io.outcry.geo.PlaceController;
import io.outcry.incident.IncidentController;
import io.outcry.official.OfficialStatusController;
import io.outcry.outage.MapController;
import io.outcry.outage.OutageController;
import io.outcry.pages.PageController;
import io.outcry.push.PushController;
import io.outcry.report.ReportController;
import io.outcry.report.SeriesController;
import io.outcry.web.HealthController;
import io.outcry.web.HeavyReads;
import io.outcry.web.MetricsController;

/** The handlers of every route, built by {@code App} and laid out by {@link Routes}. */
public record Controllers(
        HealthController health,
        CatalogController catalog,
        ServiceAdminController serviceAdmin,
        ReportController reports,
        SeriesController series,
        OutageController outages,
        MapController map,
        PlaceController places,
        IncidentController incidents,
        Feeds feeds,
        MetricsController metrics,
        OfficialStatusController official,
        PageController pages,
        PushController push,
        HeavyReads heavy) {}
