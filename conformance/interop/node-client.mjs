// Node's `eventsource` package against an ssekit hub: prints one JSON line per thing it sees, so the Java test
// that started it can check the stream. Usage: node node-client.mjs <stream URL with ?token=> <event type>
import { EventSource } from 'eventsource';

const [url, type] = process.argv.slice(2);
const print = (thing) => process.stdout.write(JSON.stringify(thing) + '\n');
const source = new EventSource(url);

source.onopen = () => print({ kind: 'open' });
source.onerror = (e) => print({ kind: 'error', code: e.code ?? null });
source.addEventListener(type, (e) => print({ kind: 'event', id: e.lastEventId, data: e.data }));

// Bounded: the test closes stdin when done; the process never outlives a minute either way.
process.stdin.on('end', () => { source.close(); process.exit(0); });
process.stdin.resume();
setTimeout(() => { source.close(); process.exit(3); }, 60_000).unref();
