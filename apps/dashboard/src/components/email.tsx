import { Fragment, type ReactNode } from 'react';

/**
 * An email address that wraps where a reader expects it to: before the "@" and after the dots of
 * the name (`<wbr>`), and mid-word only when one part alone is wider than the line.
 */
export function Email({ value, className }: { value: string; className?: string }) {
  // Break points: after the dots of the name, and before the "@"; the domain stays whole.
  const at = value.lastIndexOf('@');
  const local = at > 0 ? value.slice(0, at) : value;
  const parts = [...local.split(/(?<=\.)/), ...(at > 0 ? [value.slice(at)] : [])];
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
