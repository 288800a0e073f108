import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Notice, noticeTone } from './notice.tsx';

describe('Notice', () => {
  it('shows a success as a success, never as a warning', () => {
    const html = renderToStaticMarkup(
      createElement(Notice, { tone: 'success', role: 'status' }, 'Payment confirmed'),
    );
    expect(html).toContain('notice-success');
    expect(html).not.toContain('warn');
    expect(html).toContain('role="status"');
  });

  it('maps the badge tones billing computes onto the four variants', () => {
    expect(noticeTone('good')).toBe('success');
    expect(noticeTone('warn')).toBe('warning');
    expect(noticeTone('bad')).toBe('error');
    expect(noticeTone('neutral')).toBe('info');
    expect(noticeTone('success')).toBe('success');
  });
});
