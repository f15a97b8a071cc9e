// Node-RED settings for the benchmark peer: no editor, no credential encryption, the HTTP port from RED_PORT
// (targets.sh waits on it to know Node-RED is up), and warnings only in the log.
module.exports = {
    uiPort: parseInt(process.env.RED_PORT || "1880", 10),
    uiHost: "127.0.0.1",
    httpAdminRoot: false,
    credentialSecret: false,
    flowFilePretty: true,
    logging: { console: { level: "warn", metrics: false, audit: false } },
    functionGlobalContext: {},
    editorTheme: { projects: { enabled: false } },
};
