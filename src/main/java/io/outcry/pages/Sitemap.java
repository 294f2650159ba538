package io.outcry.pages;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.web.Lang;
import java.util.ArrayList;
import java.util.List;

/** The sitemap: every page, each with its address in every language. */
final class Sitemap {
    private Sitemap() {}

    static String of(Catalog c, String origin) {
        List<String> paths = new ArrayList<>(List.of("/", "/services", "/map", "/about"));
        c.categories().keySet().stream().sorted().forEach(slug -> paths.add("/c/" + slug));
        c.services().stream().map(Service::slug).sorted().forEach(slug -> paths.add("/s/" + slug));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"
                + " xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
        for (String path : paths) {
            xml.append("<url><loc>").append(origin).append(path).append("</loc>");
            for (String lang : Lang.ALL) {
                xml.append("<xhtml:link rel=\"alternate\" hreflang=\"").append(lang).append("\" href=\"").append(origin)
                        .append(path).append("?lang=").append(lang).append("\"/>");
            }
            xml.append("</url>\n");
        }
        xml.append("</urlset>\n");
        return xml.toString();
    }
}
