/**
 * FrameHub: the latest frame of every session and the clients watching it. A frame is encoded once per encoding
 * and sent to each client whose socket has room; a client whose unsent bytes exceed the limit has the frame
 * dropped (and is told how many it missed), so a slow client never slows the simulation or the other clients.
 * Frames from the workers arrive already in the binary encoding (`publishEncoded`): binary clients get those bytes
 * as they are, and the frame is decoded only for JSON clients and for readers of the latest frame.
 */
import type { WebSocket } from 'ws';
import { decodeBinaryFrame, encodeBinaryFrame, encodeJsonFrame, type FrameMessage } from './frame-codec.js';

/** A session's latest frame: its binary encoding and/or its decoded form (each made on first use). */
interface Latest {
  binary?: Buffer;
  frame?: FrameMessage;
  json?: string;
}

function binaryOf(l: Latest): Buffer {
  return (l.binary ??= encodeBinaryFrame(l.frame!));
}
function frameOf(l: Latest): FrameMessage {
  return (l.frame ??= decodeBinaryFrame(l.binary!));
}
function jsonOf(l: Latest): string {
  return (l.json ??= encodeJsonFrame(frameOf(l)));
}

export type Encoding = 'binary' | 'json';

export interface Subscriber {
  socket: WebSocket;
  encoding: Encoding;
  dropped: number;
  /** Drops not yet reported to the client. */
  unreported: number;
  sent: number;
}

export interface HubCounters {
  onSent(n: number): void;
  onDropped(n: number): void;
}

export class FrameHub {
  private readonly subs = new Map<string, Set<Subscriber>>();
  private readonly latest = new Map<string, Latest>();

  constructor(
    private readonly bufferLimit: number,
    private readonly counters: HubCounters = { onSent() {}, onDropped() {} },
  ) {}

  subscribe(sessionId: string, socket: WebSocket, encoding: Encoding): Subscriber {
    const sub: Subscriber = { socket, encoding, dropped: 0, unreported: 0, sent: 0 };
    let set = this.subs.get(sessionId);
    if (!set) this.subs.set(sessionId, (set = new Set()));
    set.add(sub);
    // A client joining mid-run sees the present at once.
    const last = this.latest.get(sessionId);
    if (last) this.sendFrame(sub, encoding === 'binary' ? binaryOf(last) : jsonOf(last));
    return sub;
  }

  unsubscribe(sessionId: string, sub: Subscriber): void {
    const set = this.subs.get(sessionId);
    set?.delete(sub);
    if (set && set.size === 0) this.subs.delete(sessionId);
  }

  subscriberCount(sessionId?: string): number {
    if (sessionId !== undefined) return this.subs.get(sessionId)?.size ?? 0;
    let n = 0;
    for (const s of this.subs.values()) n += s.size;
    return n;
  }

  publishFrame(frame: FrameMessage): void {
    this.publish(frame.session, { frame });
  }

  /** A frame already in the binary encoding (RNF1, as the worker engine makes it) of `sessionId`. */
  publishEncoded(sessionId: string, _runId: string, binary: Buffer): void {
    this.publish(sessionId, { binary });
  }

  private publish(sessionId: string, latest: Latest): void {
    this.latest.set(sessionId, latest);
    const set = this.subs.get(sessionId);
    if (!set || set.size === 0) return;
    for (const sub of set) this.sendFrame(sub, sub.encoding === 'binary' ? binaryOf(latest) : jsonOf(latest));
  }

  /** Send a JSON event (run status, progress, acknowledgements) to every client of a session. Never dropped. */
  publishEvent(sessionId: string, event: Record<string, unknown>): void {
    const set = this.subs.get(sessionId);
    if (!set) return;
    const text = JSON.stringify(event);
    for (const sub of set) {
      if (sub.socket.readyState !== 1) continue;
      this.reportDrops(sub);
      sub.socket.send(text);
    }
  }

  /** Forget a session (deleted or reset): clients are told and closed. */
  closeSession(sessionId: string, reason: string): void {
    this.latest.delete(sessionId);
    const set = this.subs.get(sessionId);
    if (!set) return;
    for (const sub of set) {
      if (sub.socket.readyState === 1) sub.socket.send(JSON.stringify({ type: 'closed', reason }));
      sub.socket.close(1000, reason.slice(0, 100));
    }
    this.subs.delete(sessionId);
  }

  /** The last frame published for a session (undefined before its first run or after a reset). */
  latestFrame(sessionId: string): FrameMessage | undefined {
    const l = this.latest.get(sessionId);
    return l ? frameOf(l) : undefined;
  }

  clearLatest(sessionId: string): void {
    this.latest.delete(sessionId);
  }

  /** Tell a client how many frames it missed since it was last told. */
  private reportDrops(sub: Subscriber): void {
    if (sub.unreported === 0) return;
    sub.socket.send(JSON.stringify({ type: 'dropped', count: sub.unreported, total: sub.dropped }));
    sub.unreported = 0;
  }

  private sendFrame(sub: Subscriber, data: Buffer | string): void {
    if (sub.socket.readyState !== 1) return;
    if (sub.socket.bufferedAmount > this.bufferLimit) {
      sub.dropped++;
      sub.unreported++;
      this.counters.onDropped(1);
      return;
    }
    this.reportDrops(sub);
    sub.socket.send(data);
    sub.sent++;
    this.counters.onSent(1);
  }
}
