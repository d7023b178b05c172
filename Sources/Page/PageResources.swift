/// The page's scripts and styles, from Sources/Page/Resources, embedded at build time by
/// Sources/PagePlugin (`files` is generated): `page.css` and `page.js` first, then every other
/// file of each kind in the order of its name.
public enum PageResources {
    /// The styles, in the order they are inlined.
    public static var styles: [String] { ordered(".css", first: "page.css") }
    /// The scripts, in the order they are inlined: the page's own, then the modules.
    public static var scripts: [String] { ordered(".js", first: "page.js") }

    static func ordered(_ suffix: String, first: String) -> [String] {
        let chosen = files.filter { $0.name.hasSuffix(suffix) }
        return (chosen.filter { $0.name == first } + chosen.filter { $0.name != first }).map(\.text)
    }
}
