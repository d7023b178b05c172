import Foundation
import Support

extension PageDocument {
    /// The whole page: the static frame (controls, the graph's place, the detail panel, the
    /// lesson's prose), the embedded JSON, then the styles and scripts inlined. A
    /// Content-Security-Policy that allows no source at all (only inline script and style, and
    /// images from `data:` and `blob:`) makes sure the page loads nothing, even by mistake.
    public var html: String {
        let title = LessonHTML.escape(self.title)
        let lessonBody = lesson.map { LessonHTML(lesson: $0).body }
        var out = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
            <meta name="color-scheme" content="light dark">
            <title>\(title) · backprop page</title>
            <script>\(Self.loadWatch)</script>

            """
        for style in PageResources.styles { out += "<style>\n\(style)\n</style>\n" }
        out += """
            </head>
            <body>
            <header id="top">
            <h1>\(title)</h1>
            <nav id="controls" aria-label="steps">
            <button type="button" id="first" title="first step (Home)">« First</button>
            <button type="button" id="back" title="one step back (←)">◀ Back</button>
            <button type="button" id="next" title="next step (→)">Next ▶</button>
            <button type="button" id="last" title="last step (End)">Last »</button>
            <span id="step-label" aria-live="polite"></span>
            </nav>
            </header>
            <main id="layout" class="\(lessonBody == nil ? "no-lesson" : "with-lesson")">
            <div id="work">
            <section id="graph-area" aria-label="computation graph"><div id="graph"></div></section>
            <section id="detail" aria-label="the current step"></section>
            <div id="modules"></div>
            </div>

            """
        if let lessonBody {
            out += "<aside id=\"lesson\" aria-label=\"the lesson\" tabindex=\"0\">\n\(lessonBody)</aside>\n"
        }
        out += """
            </main>
            <noscript><p>This page needs JavaScript to step through the network; its data is in the script element below.</p></noscript>
            <script type="application/json" id="backprop-data">
            """
        out += Self.scriptSafe(json.serialized())
        out += "</script>\n"
        for script in PageResources.scripts { out += "<script>\n\(script)\n</script>\n" }
        out += "</body>\n</html>\n"
        return out
    }

    /// Counts, on `<html>`, every element that failed to load and every request the
    /// Content-Security-Policy refused (`data-failed-loads`, `data-blocked-requests`): it runs
    /// first, before anything in the body could try. The page must keep both at 0.
    static let loadWatch = """
        (function () { var root = document.documentElement; root.dataset.failedLoads = "0"; root.dataset.blockedRequests = "0"; \
        window.addEventListener("error", function (e) { if (e.target && e.target !== window) \
        root.dataset.failedLoads = String(+root.dataset.failedLoads + 1); }, true); \
        document.addEventListener("securitypolicyviolation", function () { \
        root.dataset.blockedRequests = String(+root.dataset.blockedRequests + 1); }); })();
        """

    /// JSON text safe inside a `<script>` element: `</` written `<\/` (the same string in JSON).
    static func scriptSafe(_ json: String) -> String {
        json.replacingOccurrences(of: "</", with: "<\\/").replacingOccurrences(of: "<!--", with: "<\\u0021--")
    }
}
