package dev.jeton.web.pages;

/**
 * The frame of every page: HTML5, a language, a viewport for phones, and one inline style sheet
 * (the pages' Content-Security-Policy allows inline styles and nothing else: no scripts, no
 * external assets but a client's registered logo, no frames).
 */
final class Layout {

    private static final String STYLE = """
            :root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#f3f4f6;--card:#fff;--line:#d0d7de;\
            --accent:#0b57d0;--accent-fg:#fff;--error-bg:#fdecea;--error-fg:#8a1c12}
            @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--card:#161b22;\
            --line:#30363d;--accent:#4c8df6;--accent-fg:#0d1117;--error-bg:#3d1512;--error-fg:#ffb4a9}}
            *{box-sizing:border-box}
            body{margin:0;min-height:100vh;display:flex;align-items:flex-start;justify-content:center;\
            background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            main{width:100%;max-width:28rem;margin:2rem 1rem;padding:1.5rem;background:var(--card);\
            border:1px solid var(--line);border-radius:12px}
            h1{font-size:1.4rem;line-height:1.3;margin:0 0 .5rem}
            p{margin:.5rem 0}
            .muted{color:var(--muted)}
            .error{background:var(--error-bg);color:var(--error-fg);padding:.75rem 1rem;border-radius:8px}
            label{display:block;font-weight:600;margin:1rem 0 .25rem}
            input[type=text],input[type=password]{width:100%;min-height:48px;padding:.6rem .75rem;font-size:1rem;\
            color:var(--fg);background:var(--card);border:1px solid var(--line);border-radius:8px}
            input:focus,button:focus{outline:3px solid var(--accent);outline-offset:2px}
            button{width:100%;min-height:48px;margin-top:1.25rem;font-size:1rem;font-weight:600;border-radius:8px;\
            cursor:pointer;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg)}
            button.secondary{background:transparent;color:var(--fg);border-color:var(--line);margin-top:.75rem}
            ul.scopes{list-style:none;padding:0;margin:1rem 0}
            ul.scopes li{padding:.6rem 0;border-top:1px solid var(--line)}
            ul.scopes li:last-child{border-bottom:1px solid var(--line)}
            code{font-size:.85rem;color:var(--muted);word-break:break-all}
            a{color:var(--accent)}
            img.logo{display:block;max-width:100%;max-height:4rem}
            """;

    private Layout() {
    }

    /** A whole page; {@code title} is escaped here, {@code body} must already be safe HTML. */
    static String page(String title, String body) {
        return page(title, body, "");
    }

    /**
     * A whole page with {@code afterMain} (safe HTML, e.g. a script whose hash the page's CSP allows)
     * at the end of the body.
     */
    static String page(String title, String body, String afterMain) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<title>" + Html.escape(title) + "</title>\n"
                + "<style>\n" + STYLE + "</style>\n</head>\n<body>\n<main>\n" + body + "</main>\n" + afterMain
                + "</body>\n</html>\n";
    }

    static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + Html.escape(name) + "\" value=\"" + Html.escape(value) + "\">\n";
    }
}
