package dev.ssekit.client.internal;

import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;

/**
 * What the reader hands over in one go: the events, in stream order, and the few other things the stream said
 * among them ({@link Control}s), each at its place: before the event at its index, or after the last event.
 */
final class Batch {

  static final Control[] NO_CONTROLS = new Control[0];

  final SseEvent[] events;
  /** In stream order, each with the index of the event it comes before. */
  final Control[] controls;
  /** The bytes of backpressure this batch holds. */
  final int bytes;

  Batch(SseEvent[] events, Control[] controls, int bytes) {
    this.events = events;
    this.controls = controls;
    this.bytes = bytes;
  }

  int size() {
    return events.length + controls.length;
  }

  /** Something in the stream that is not an event, applied in stream order with the events. */
  static final class Control {
    enum Kind {
      /** A comment line, to the app's {@code onComment}. */
      COMMENT,
      /** A problem with the stream to report to the app (an event too large was skipped). */
      REPORT,
      /** An id-only block (an empty id resets the resume id): it applies once everything before it was handled. */
      ID_ONLY,
      /** The hub's join position (clause 8): the resume id until the app processes an id. Never acknowledged. */
      JOINED,
      /** The connection declared a replay: from here, repeats of processed ids are dropped. */
      REPLAY_STARTS
    }

    final Kind kind;
    /** The comment, the id, or the report's message. */
    final String text;
    /** The report, for {@link Kind#REPORT}. */
    final SseException error;
    /** The index of the event this comes before (the batch's event count: after them all). Reader thread. */
    int at;

    private Control(Kind kind, String text, SseException error) {
      this.kind = kind;
      this.text = text;
      this.error = error;
    }

    static Control of(Kind kind, String text) {
      return new Control(kind, text, null);
    }

    static Control report(SseException error) {
      return new Control(Kind.REPORT, error.getMessage(), error);
    }

    /** Applies it, on the callback executor. */
    void apply(EventRouter router, ResumeTracker resume) {
      switch (kind) {
        case COMMENT:
          router.comment(text);
          break;
        case REPORT:
          router.error(error);
          break;
        case ID_ONLY:
          resume.idOnly(text);
          break;
        case JOINED:
          resume.joined(text);
          break;
        default:
          resume.replayStarts();
          break;
      }
    }
  }
}
