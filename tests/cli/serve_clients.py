#!/usr/bin/env python3
"""Misbehaving and well-behaved clients for hocso serve's tests (127.0.0.1 only,
bounded in count and time). Each mode prints one JSON object for the test to check.

  slowloris PORT SOCKETS SECONDS   SOCKETS connections each sending one header
                                   byte a second, reconnecting when closed, for
                                   SECONDS; reports how long the server let each
                                   connection live
  headerbomb PORT CLIENTS MIB      CLIENTS requests at once, each with MIB MiB of
                                   header fields; reports what each got back
  hold PORT COUNT PATH             COUNT keep-alive connections from 127.0.0.1,
                                   one request each, all held open; then one
                                   request from 127.0.0.2; reports the statuses
  stall PORT PATH SECONDS          asks for PATH 2,000 times on one connection
                                   (pipelined) and reads nothing for SECONDS;
                                   reports whether the server closed it
  raw PORT HEX                     sends the bytes (hex) and reports the answer
  slowget PORT PATH GO_FILE        asks for PATH with a tiny receive buffer, reads
                                   the head and a little, waits until GO_FILE
                                   exists (30 s at most), then reads the rest;
                                   reports the status and the body's SHA-256
  watch PORT PATH SECONDS NEEDLE   asks for PATH again and again (a new
                                   connection each time) for SECONDS; reports
                                   each answer: [ms since start, status,
                                   whether the body holds NEEDLE (UTF-8)]
"""
import json
import selectors
import socket
import sys
import threading
import time


def status_of(data):
    """The status code of an HTTP answer's first line, or None."""
    line = data.split(b"\r\n", 1)[0].split(b" ")
    if len(line) >= 2 and line[0].startswith(b"HTTP/") and line[1].isdigit():
        return int(line[1])
    return None


def read_answer(sock, timeout=5.0):
    """Everything the server sends until it closes or pauses (bytes)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                head, _, body = data.partition(b"\r\n\r\n")
                length = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if length and len(body) >= int(length[0].split(b":")[1]):
                    break
    except (socket.timeout, ConnectionError):
        pass
    return data


def slowloris(port, count, seconds):
    sel = selectors.DefaultSelector()
    opened = {}  # socket -> (time connected, bytes sent)
    lifetimes = []
    start = time.monotonic()

    def connect():
        s = socket.create_connection(("127.0.0.1", port))
        s.setblocking(False)
        s.send(b"GET / HTTP/1.1\r\n")
        opened[s] = [time.monotonic(), 0]
        sel.register(s, selectors.EVENT_READ)

    for _ in range(count):
        connect()
    next_drip = time.monotonic() + 1
    while time.monotonic() - start < seconds:
        for key, _ in sel.select(timeout=0.1):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except (ConnectionError, BlockingIOError):
                data = b""
            if not data:  # closed by the server
                lifetimes.append(time.monotonic() - opened[s][0])
                sel.unregister(s)
                s.close()
                del opened[s]
                connect()
        if time.monotonic() >= next_drip:
            next_drip += 1
            for s, state in list(opened.items()):
                try:
                    s.send(b"X-a: b\r\n"[state[1] % 8:state[1] % 8 + 1])
                    state[1] += 1
                except (ConnectionError, BlockingIOError):
                    pass
    still_open = len(opened)
    for s in list(opened):
        s.close()
    return {"closed": len(lifetimes), "still_open": still_open,
            "min_life": min(lifetimes, default=0), "max_life": max(lifetimes, default=0)}


def headerbomb(port, clients, mib):
    results = [None] * clients

    def one(i):
        s = socket.create_connection(("127.0.0.1", port))
        s.settimeout(10)
        sent = 0
        total = mib << 20
        line = b"X-Bomb: " + b"a" * 1000 + b"\r\n"
        try:
            s.sendall(b"GET / HTTP/1.1\r\nHost: k\r\n")
            while sent < total:
                s.sendall(line * 64)
                sent += len(line) * 64
        except (ConnectionError, socket.timeout, OSError):
            pass
        answer = read_answer(s)
        s.close()
        results[i] = {"status": status_of(answer), "sent": sent}

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"results": results}


def hold(port, count, path):
    held = []
    statuses = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        held.append(s)
        try:
            s.sendall(("GET %s HTTP/1.1\r\nHost: k\r\n\r\n" % path).encode())
            statuses.append(status_of(read_answer(s, 2.0)))
        except (ConnectionError, OSError):
            statuses.append(None)
    other = socket.socket()
    other.bind(("127.0.0.2", 0))
    other.connect(("127.0.0.1", port))
    other.sendall(("GET %s HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n" % path).encode())
    other_status = status_of(read_answer(other))
    other.close()
    # One more from 127.0.0.1 while all are held.
    extra = socket.create_connection(("127.0.0.1", port))
    try:
        extra.sendall(("GET %s HTTP/1.1\r\nHost: k\r\n\r\n" % path).encode())
    except (ConnectionError, OSError):
        pass
    extra_status = status_of(read_answer(extra, 2.0))
    extra.close()
    for s in held:
        s.close()
    return {"statuses": statuses, "other_client": other_status, "extra": extra_status}


def stall(port, path, seconds):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(("GET %s HTTP/1.1\r\nHost: k\r\n\r\n" % path).encode() * 2000)
    time.sleep(seconds)
    # Now drain: a connection the server closed ends (EOF or reset) after what was queued.
    s.settimeout(2)
    got, closed = 0, False
    try:
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                closed = True
                break
            got += len(chunk)
    except ConnectionResetError:
        closed = True
    except socket.timeout:
        pass
    s.close()
    return {"closed": closed, "received": got}


def raw(port, hexbytes):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(bytes.fromhex(hexbytes))
    answer = read_answer(s)
    s.close()
    return {"status": status_of(answer), "answer": answer.decode("latin-1")}


def split_answer(data):
    """(status, head, body) of one HTTP answer."""
    head, _, body = data.partition(b"\r\n\r\n")
    return status_of(data), head, body


def slowget(port, path, go_file):
    import hashlib
    import os
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A small window: the server cannot push the whole answer into the kernel
    # at once, so the answer is still being sent when GO_FILE appears.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n".encode())
    data = s.recv(2048)
    deadline = time.monotonic() + 30
    while not os.path.exists(go_file) and time.monotonic() < deadline:
        time.sleep(0.05)
    s.settimeout(30)
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    status, head, body = split_answer(data)
    return {"status": status, "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}


def watch(port, path, seconds, needle):
    answers = []
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n".encode())
        status, _, body = split_answer(read_answer(s))
        s.close()
        answers.append([round((time.monotonic() - start) * 1000), status, needle.encode() in body])
        time.sleep(0.02)
    return answers


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "slowloris":
        out = slowloris(port, int(sys.argv[3]), float(sys.argv[4]))
    elif mode == "headerbomb":
        out = headerbomb(port, int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "hold":
        out = hold(port, int(sys.argv[3]), sys.argv[4])
    elif mode == "stall":
        out = stall(port, sys.argv[3], float(sys.argv[4]))
    elif mode == "raw":
        out = raw(port, sys.argv[3])
    elif mode == "slowget":
        out = slowget(port, sys.argv[3], sys.argv[4])
    elif mode == "watch":
        out = watch(port, sys.argv[3], float(sys.argv[4]), sys.argv[5])
    else:
        sys.exit("unknown mode " + mode)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
