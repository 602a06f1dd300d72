// Starts Swagger UI on /api/v1/docs; a file, not an inline script, so the CSP needs no exception.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui" });
});
