"""The attacks of bench/attacks.sh, each against the running node, with what it cost the node (see attacks.sh)."""
import datetime, http.client, os, re, socket, subprocess, sys, threading, time, urllib.request

PORT, PID, JCMD = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
GC_LOG = sys.argv[4] if len(sys.argv) > 4 else None
ONLY = os.environ.get("ONLY", "")  # a regular expression: only the attacks whose name it finds
HZ = os.sysconf("SC_CLK_TCK")


def cpu_seconds():
    fields = open(f"/proc/{PID}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def heap_mb():
    subprocess.run([JCMD, str(PID), "GC.run"], capture_output=True)
    out = subprocess.run([JCMD, str(PID), "GC.heap_info"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "used" in line and "heap" in line.lower():
            used = line.split("used")[1].split()[0]
            return int(used.rstrip("K")) // 1024
    return -1


def longest_gc_pause_ms(since, until):
    """The longest stop-the-world pause the node's GC log shows between two wall-clock times (time.time())."""
    if not GC_LOG:
        return -1
    longest = 0.0
    for line in open(GC_LOG):
        m = re.match(r"\[(.*?)\].*Pause.* ([0-9.]+)ms$", line.strip())
        if not m:
            continue
        at = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
        if since <= at <= until:
            longest = max(longest, float(m.group(2)))
    return longest


def quiet(seconds=3, below=0.1, most=300):
    """Waits until the node uses less than a tenth of a core (its detector caught up, the demo's history fitted)."""
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        before = cpu_seconds()
        time.sleep(seconds)
        if cpu_seconds() - before < below * seconds:
            return
    sys.exit("the node never became quiet")


def nothing():
    """No attack: what /health costs on this machine as it is (its other work, other processes)."""
    time.sleep(10)
    return "—"


def get(path, headers=None, timeout=30):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def post(path, body, content_type="application/json", headers=None):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    h = {"Content-Type": content_type}
    h.update(headers or {})
    c.request("POST", path, body=body, headers=h)
    r = c.getresponse()
    r.read()
    c.close()
    return r.status


class HealthWatch:
    """bench/health_watch.py in a process of its own, for the length of one attack."""

    def __init__(self):
        here = os.path.dirname(os.path.abspath(__file__))
        self.process = subprocess.Popen([sys.executable, os.path.join(here, "health_watch.py"), str(PORT)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.process.stdout.readline()  # "watching": its first /health answered, the attack may start

    def stop(self):
        time.sleep(0.1)  # at least one more call after the attack
        out, _ = self.process.communicate("")
        longest, failed, calls = out.split()
        return float(longest), int(failed), int(calls)


def parallel(n, fn):
    threads = [threading.Thread(target=fn, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def statuses(results):
    counts = {}
    for s in results:
        counts[s] = counts.get(s, 0) + 1
    return " ".join(f"{k}×{v}" for k, v in sorted(counts.items(), key=str))


def baseline_bounds():
    queries = ["step=PT2147483647M&since=1d", "step=999999d", "step=1d&since=2000-01-01T00:00:00Z",
               "since=PT9223372036854775807S", "since=P106751991167300D", "since=-1000000000-01-01T00:00:00Z"]
    out = []
    def one(i):
        out.append(get(f"/api/v1/services/chatgpt/baseline?{queries[i % len(queries)]}")[0])
    parallel(24, one)
    return statuses(out)


def map_windows():
    out = []
    def one(i):
        for w in range(i * 60, i * 60 + 60):
            out.append(get(f"/api/v1/map/now?level=region&window={601 + w}s")[0])
    parallel(10, one)
    return statuses(out)


def slow_headers():
    socks = []
    for _ in range(500):
        s = socket.create_connection(("127.0.0.1", PORT))
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    held = 0
    for second in range(20):
        held = 0
        for s in socks:
            try:
                s.sendall(b"X-Slow: 1\r\n")
                held += 1
            except OSError:
                pass
        time.sleep(1)
    for s in socks:
        s.close()
    return f"{held} of 500 still held after 20 s"


def abort_mid_body():
    for _ in range(500):
        s = socket.create_connection(("127.0.0.1", PORT))
        s.sendall(b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000\r\n\r\n{\"service\":")
        s.close()
    time.sleep(1)
    metrics = get("/metrics")[1].decode()
    internal = [l for l in metrics.splitlines() if "internal-error" in l]
    return "internal errors in /metrics: " + (internal[0].split()[-1] if internal else "0")


def bad_charset():
    return statuses([post("/api/v1/reports", b'{"service":"chatgpt"}', "application/json; charset=latin-1")
                     for _ in range(200)])


def generic_stream():
    out = []
    def one(i):
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        c.request("GET", "/api/v1/stream", headers={"Accept": "*/*"})
        r = c.getresponse()
        out.append(f"{r.status} {r.getheader('Content-Type', '').split(';')[0]}")
        c.close()
    parallel(200, one)
    return statuses(out)


def one_slash_48():
    out = []
    for lan in range(1, 151):
        out.append(post("/api/v1/reports", b'{"service":"zoom"}',
                        headers={"X-Forwarded-For": f"2001:db8:99:{lan:x}::1", "User-Agent": f"ua{lan}"}))
    return statuses(out)


def largest_reads():
    """The largest reads the bounds allow, 4 at a time, each 3 times: the longest answer of each kind."""
    reads = {"baseline 1m steps, 6.9 days": "/api/v1/services/chatgpt/baseline?since=P6DT22H&step=1m",
             "series 1h steps, 366 days": "/api/v1/services/chatgpt/reports?since=P366D&step=1h",
             "series 1m steps, 6.9 days": "/api/v1/services/whatsapp/reports?since=P6DT22H&step=1m",
             "map, every region, 24 h": "/api/v1/map/now?level=region&window=24h",
             "outages, 1000": "/api/v1/outages?limit=1000&dismissed=true"}
    longest = {}
    def one(i):
        name, path = list(reads.items())[i % len(reads)]
        t = time.monotonic()
        status = get(path, timeout=120)[0]
        took = time.monotonic() - t
        longest[name] = max(longest.get(name, (0, 0))[0], took), status
    for _ in range(3):
        parallel(len(reads), one)
    return "; ".join(f"{name}: {status} in ≤{took * 1000:.0f} ms" for name, (took, status) in longest.items())


ATTACKS = [("nothing (the node at rest, for reference)", nothing),
           ("largest reads the bounds allow (5 kinds × 3)", largest_reads),
           ("baseline with huge step/since (24 in parallel)", baseline_bounds),
           ("map windows 601s..1200s, every region (600)", map_windows),
           ("slow headers (500 connections, 20 s)", slow_headers),
           ("abort mid-body (500)", abort_mid_body),
           ("unknown charset (200 reports)", bad_charset),
           ("stream with Accept */* (200)", generic_stream),
           ("one IPv6 /48, 150 /64s reporting", one_slash_48)]


def main():
    deadline = time.monotonic() + 120
    while True:
        try:
            if get("/ready", timeout=5)[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit("the node did not become ready")
        time.sleep(0.5)
    get("/api/v1/map/now?level=region")  # the geography loads once
    quiet()
    print("| attack | answers | longest /health (ms) | /health failures | longest GC pause (ms) | heap after (MB) |"
          " node CPU (s) |")
    print("|---|---|---|---|---|---|---|")
    for name, attack in ATTACKS:
        if ONLY and not re.search(ONLY, name):
            continue
        cpu = cpu_seconds()
        watch = HealthWatch()
        began = time.time()
        result = attack()
        longest, failed, calls = watch.stop()
        used = cpu_seconds() - cpu
        gc = longest_gc_pause_ms(began, time.time())
        print(f"| {name} | {result} | {longest * 1000:.0f} ({calls} calls) | {failed} | {gc:.0f} | {heap_mb()} |"
              f" {used:.1f} |", flush=True)
        quiet()


main()
