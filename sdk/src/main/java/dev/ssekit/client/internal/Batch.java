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
  abstract static class Control {
    /** The index of the event this comes before (the batch's event count: after them all). Reader thread. */
    int at;

    /** Applies it, on the callback executor. */
    abstract void apply(EventRouter router, ResumeTracker resume);

    /** The characters it holds, for the byte bound. */
    abstract int chars();
  }

  /** A comment line, to the app's {@code onComment}. */
  static Control comment(final String text) {
    return new Control() {
      @Override
      void apply(EventRouter router, ResumeTracker resume) {
        router.comment(text);
      }

      @Override
      int chars() {
        return text.length();
      }
    };
  }

  /** A problem with the stream to report to the app (an event too large was skipped). */
  static Control report(final SseException error) {
    return new Control() {
      @Override
      void apply(EventRouter router, ResumeTracker resume) {
        router.error(error);
      }

      @Override
      int chars() {
        return error.getMessage().length();
      }
    };
  }

  /** An id-only block (an empty id resets the resume id): it applies once everything before it was handled. */
  static Control idOnly(final String id) {
    return new Control() {
      @Override
      void apply(EventRouter router, ResumeTracker resume) {
        resume.idOnly(id);
      }

      @Override
      int chars() {
        return id.length();
      }
    };
  }

  /** The hub's join position (clause 8): the resume id until the app processes an id. Never acknowledged. */
  static Control joined(final String id) {
    return new Control() {
      @Override
      void apply(EventRouter router, ResumeTracker resume) {
        resume.joined(id);
      }

      @Override
      int chars() {
        return id.length();
      }
    };
  }

  /** The connection declared a replay: from here, repeats of processed ids are dropped. */
  static Control replayStarts() {
    return new Control() {
      @Override
      void apply(EventRouter router, ResumeTracker resume) {
        resume.replayStarts();
      }

      @Override
      int chars() {
        return 0;
      }
    };
  }
}
