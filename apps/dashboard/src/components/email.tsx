import { Fragment, type ReactNode } from 'react';

/**
 * An email address that wraps where a reader expects it to: before the "@" and after each dot
 * (`<wbr>`), and mid-word only when one part alone is wider than the line.
 */
export function Email({ value, className }: { value: string; className?: string }) {
  const parts = value.split(/(?=@)|(?<=\.)/);
  return (
    <span className={`email${className ? ` ${className}` : ''}`}>
      {parts.map((part, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </span>
  );
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A value shown as is, except that a bare email address gets the wrapping of `Email`. */
export function withEmailBreaks(value: ReactNode): ReactNode {
  return typeof value === 'string' && ADDRESS.test(value) ? <Email value={value} /> : value;
}
