// The annotator's browser build still asks for process.env.NODE_ENV (a bundler's variable).
// A file of its own, not an inline script: the page's Content-Security-Policy runs none.
window.process = window.process || { env: { NODE_ENV: "production" } };
