"""Asks a node's /health every 50 ms, from a process of its own, until its standard input closes; then prints the
longest answer in seconds and the failed calls. bench/attacks.py runs one per attack, so the figure is the node's, not
the attacker's (a process of its own: the attacker's threads never delay its clock or its socket)."""
import http.client, sys, threading, time

port = int(sys.argv[1])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
longest, failed, calls = 0.0, 0, 0
while not stop.is_set():
    t = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        c.request("GET", "/health")
        r = c.getresponse()
        r.read()
        c.close()
        if r.status != 200:
            failed += 1
    except OSError:
        failed += 1
    longest = max(longest, time.monotonic() - t)
    calls += 1
    if calls == 1:
        print("watching", flush=True)
    stop.wait(0.05)
print(f"{longest:.4f} {failed} {calls}", flush=True)
