// A trailing debounce: the work runs once, `ms` after the last request.

export interface Debounced {
  /** Asks for the work (pushes it back while requests keep coming). */
  (): void;
  /** Forgets a pending request. */
  cancel(): void;
}

export function debounced(run: () => void, ms: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const request = (() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      run();
    }, ms);
  }) as Debounced;
  request.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return request;
}
