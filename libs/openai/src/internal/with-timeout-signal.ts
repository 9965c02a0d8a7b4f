/** The call options this helper reads and rewrites. */
interface SignalOptions {
  signal?: AbortSignal;
  timeout?: number;
}

/**
 * A call's `timeout` as our own AbortSignal.timeout (joined with the caller's signal), so that when it fires the
 * reason is known to be a timeout; LangChain would otherwise build the signal itself and hide why it aborted.
 *
 * @example
 * withTimeoutSignal({ timeout: 5000 }); // { signal: AbortSignal.timeout(5000), timeout: undefined }
 */
export function withTimeoutSignal<T extends SignalOptions>(options: T | undefined): T | undefined {
  if (options?.timeout === undefined) return options;
  const timeoutSignal = AbortSignal.timeout(options.timeout);
  const signal = options.signal ? AbortSignal.any([options.signal, timeoutSignal]) : timeoutSignal;
  return { ...options, signal, timeout: undefined };
}
