"""WebSocket client: websocket-client (Debian's python3-websocket) when importable, else a small stdlib one.

Both give the same tiny interface: ``connect(url, headers) -> conn`` with ``conn.recv() -> (is_binary, payload)``
(``(None, None)`` once closed), ``conn.send_text(str)`` and ``conn.close()``. The stdlib client speaks RFC 6455
over plain ``ws://`` or ``wss://`` (ssl), masks what it sends, answers pings, and reassembles fragments.
"""
from __future__ import annotations

import base64
import hashlib
import os
import socket
import ssl
import struct
from urllib.parse import urlsplit

try:  # pragma: no cover - depends on the machine
    import websocket as _wsclient  # type: ignore

    if not hasattr(_wsclient, "create_connection"):
        _wsclient = None
except Exception:  # pragma: no cover
    _wsclient = None

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class WebSocketError(Exception):
    pass


class _LibConnection:
    """websocket-client behind the common interface."""

    def __init__(self, url: str, headers: dict[str, str], timeout: float | None):
        hdrs = [f"{k}: {v}" for k, v in headers.items()]
        try:
            self._ws = _wsclient.create_connection(url, header=hdrs, timeout=timeout)
        except _wsclient.WebSocketBadStatusException as e:  # type: ignore[attr-defined]
            raise WebSocketError(f"handshake failed: {e}") from e

    def recv(self):
        try:
            opcode, data = self._ws.recv_data()
        except _wsclient.WebSocketTimeoutException as e:
            raise TimeoutError(str(e)) from None
        except (_wsclient.WebSocketConnectionClosedException, ConnectionError, OSError):
            return None, None
        if opcode == 0x8:
            return None, None
        return opcode == 0x2, data if opcode == 0x2 else data.decode("utf-8")

    def send_text(self, text: str) -> None:
        self._ws.send(text)

    def close(self) -> None:
        try:
            self._ws.close()
        except Exception:
            pass


class _StdlibConnection:
    """A minimal RFC 6455 client on a socket."""

    def __init__(self, url: str, headers: dict[str, str], timeout: float | None):
        u = urlsplit(url)
        if u.scheme not in ("ws", "wss"):
            raise WebSocketError(f"not a WebSocket URL: {url}")
        port = u.port or (443 if u.scheme == "wss" else 80)
        sock = socket.create_connection((u.hostname, port), timeout=timeout)
        if u.scheme == "wss":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=u.hostname)
        self._sock = sock
        self._buf = b""
        self._closed = False
        key = base64.b64encode(os.urandom(16)).decode()
        path = (u.path or "/") + (f"?{u.query}" if u.query else "")
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {u.hostname}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ] + [f"{k}: {v}" for k, v in headers.items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = self._read_until(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin1").split("\r\n")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or parts[1] != "101":
            raise WebSocketError(f"handshake failed: {status_line}")
        got = {}
        for line in header_lines:
            if ":" in line:
                k, v = line.split(":", 1)
                got[k.strip().lower()] = v.strip()
        expect = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
        if got.get("sec-websocket-accept") != expect:
            raise WebSocketError("handshake failed: bad Sec-WebSocket-Accept")

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self._buf:
            chunk = self._sock.recv(65536)
            if not chunk:
                raise WebSocketError("connection closed during the handshake")
            self._buf += chunk
        head, _, rest = self._buf.partition(marker)
        self._buf = rest
        return head

    def _read(self, n: int) -> bytes:
        while len(self._buf) < n:
            chunk = self._sock.recv(max(65536, n - len(self._buf)))
            if not chunk:
                raise ConnectionError("closed")
            self._buf += chunk
        out, self._buf = self._buf[:n], self._buf[n:]
        return out

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)) if n < 4096 else _mask_large(payload, mask)
        self._sock.sendall(head + mask + masked)

    def recv(self):
        if self._closed:
            return None, None
        message = b""
        message_opcode = None
        try:
            while True:
                b0, b1 = self._read(2)
                fin, opcode = b0 & 0x80, b0 & 0x0F
                n = b1 & 0x7F
                if n == 126:
                    (n,) = struct.unpack("!H", self._read(2))
                elif n == 127:
                    (n,) = struct.unpack("!Q", self._read(8))
                mask = self._read(4) if b1 & 0x80 else None
                payload = self._read(n)
                if mask:
                    payload = _mask_large(payload, mask)
                if opcode == 0x8:  # close: answer and stop
                    try:
                        self._send_frame(0x8, payload[:2])
                    except OSError:
                        pass
                    self._closed = True
                    self._sock.close()
                    return None, None
                if opcode == 0x9:  # ping
                    self._send_frame(0xA, payload)
                    continue
                if opcode == 0xA:
                    continue
                if opcode in (0x1, 0x2):
                    message_opcode = opcode
                message += payload
                if fin:
                    break
        except (ConnectionError, OSError, ValueError):
            self._closed = True
            return None, None
        if message_opcode == 0x2:
            return True, message
        return False, message.decode("utf-8")

    def send_text(self, text: str) -> None:
        self._send_frame(0x1, text.encode("utf-8"))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        try:
            self._sock.close()
        except OSError:
            pass


def _mask_large(payload: bytes, mask: bytes) -> bytes:
    n = len(payload)
    if n == 0:
        return b""
    key = int.from_bytes((mask * (n // 4 + 1))[:n], "little")
    return (int.from_bytes(payload, "little") ^ key).to_bytes(n, "little")


def connect(url: str, headers: dict[str, str] | None = None, timeout: float | None = 60, force_stdlib: bool = False):
    headers = headers or {}
    if _wsclient is not None and not force_stdlib:
        return _LibConnection(url, headers, timeout)
    return _StdlibConnection(url, headers, timeout)


def backend() -> str:
    return "websocket-client" if _wsclient is not None else "stdlib"
