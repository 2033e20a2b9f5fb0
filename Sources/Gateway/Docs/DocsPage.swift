/// The `/docs` page and the script that starts Swagger UI on it (FastAPI's settings, without its inline script).
enum DocsPage {
    /// The page, loading Swagger UI's style and script from `assetsBase` (checked by ``DocsAssetsLocation`` to hold
    /// nothing that HTML would read as markup).
    static func html(assetsBase: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Jokemeter API - Swagger UI</title>
          <link rel="icon" type="image/svg+xml" href="/favicon.svg">
          <link rel="stylesheet" href="\(assetsBase)/swagger-ui.css">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="\(assetsBase)/swagger-ui-bundle.js"></script>
          <script src="/docs/init.js"></script>
        </body>
        </html>

        """
    }

    /// Starts Swagger UI over this server's document; no validator is called (`validatorUrl: null`).
    static let initScript = """
        "use strict";
        window.ui = SwaggerUIBundle({
          url: "/openapi.json",
          dom_id: "#swagger-ui",
          layout: "BaseLayout",
          deepLinking: true,
          showExtensions: true,
          showCommonExtensions: true,
          validatorUrl: null,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
        });

        """
}
