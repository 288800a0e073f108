/**
 * The shape every message of the hub has, and its one rendering: plain text plus a simple HTML
 * version of the same words. Domains write the words (their own templates, en and de); this file
 * only lays them out, so every message looks alike and escaping is done in one place.
 */

/** Languages messages are written in; a person's language outside it gets English. */
export const MAIL_LANGUAGES = ['en', 'de'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export function mailLanguageOf(language: string | null | undefined): MailLanguage {
  const base = (language ?? '').toLowerCase().split('-')[0];
  return (MAIL_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as MailLanguage) : 'en';
}

export interface MailContent {
  subject: string;
  /** Paragraphs in order; the first is usually the greeting. */
  paragraphs: string[];
  /** The message's one link, shown as a button in HTML and as a bare URL in text. */
  action?: { label: string; url: string };
  /** Small print after everything else (why the person got this, what to do if it was not them). */
  footer?: string[];
}

/** A message template: the words for each language, from the same parameters. */
export type MailTemplate<Params> = Record<
  MailLanguage,
  (params: Params & { hubName: string }) => MailContent
>;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function renderMail(hubName: string, language: MailLanguage, content: MailContent): RenderedMail {
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    ...(content.footer ?? []),
    `— ${hubName}`,
  ].join('\n\n');
  const paragraph = (value: string, style = '') =>
    `<p style="margin:0 0 16px${style}">${escapeHtml(value).replace(/\n/g, '<br>')}</p>`;
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24">',
    '<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">',
    `<p style="margin:0 0 16px;font-weight:600">${escapeHtml(hubName)}</p>`,
    ...content.paragraphs.map((value) => paragraph(value)),
    ...(content.action
      ? [
          `<p style="margin:0 0 16px"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`,
          paragraph(content.action.url, ';font-size:13px;color:#4b5563;word-break:break-all'),
        ]
      : []),
    ...(content.footer ?? []).map((value) => paragraph(value, ';font-size:13px;color:#4b5563')),
    '</div></body></html>',
  ].join('\n');
  return { subject: content.subject, text, html };
}
