package dev.ssekit.conformance.internal;

import dev.ssekit.conformance.CheckResult;

/** One clause's check. A thrown exception is a FAIL with the exception as evidence. */
public interface Check {

  int clause();

  String title();

  CheckResult run() throws Exception;
}
