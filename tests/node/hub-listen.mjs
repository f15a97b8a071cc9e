// Connects to the monitor hub with the official npm SignalR client, the way a browser page does (WebSockets, the
// token in the access_token query parameter), and prints each event it receives as one JSON line.
// Usage: node hub-listen.mjs <hub url> <token> <number of AlertRaised to wait for>
import * as signalR from "@microsoft/signalr";

const [url, token, wanted = "1"] = process.argv.slice(2);
const connection = new signalR.HubConnectionBuilder()
  .withUrl(url, { accessTokenFactory: () => token, transport: signalR.HttpTransportType.WebSockets })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

let received = 0;
const print = (event, body) => console.log(JSON.stringify({ event, body }));
connection.on("DeviceStatus", (status) => print("DeviceStatus", status));
connection.on("AlertUpdated", (alert) => print("AlertUpdated", alert));
connection.on("AlertRaised", async (alert) => {
  print("AlertRaised", alert);
  if (++received >= Number(wanted)) {
    await connection.stop();
    process.exit(0);
  }
});

setTimeout(() => {
  console.error("timed out waiting for AlertRaised");
  process.exit(3);
}, 30000);

try {
  await connection.start();
  print("connected", null);
} catch (error) {
  console.error(`connect failed: ${error}`);
  process.exit(2);
}
