package dev.ssekit.conformance.internal;

import dev.ssekit.conformance.CheckResult;

/** One clause's check. A thrown exception is a FAIL with the exception as evidence. */
public interface Check {

  int clause();

  String title();

  /** Runs the check over {@code wire}, given to this check alone (its own source address where possible). */
  CheckResult run(Wire wire) throws Exception;
}
