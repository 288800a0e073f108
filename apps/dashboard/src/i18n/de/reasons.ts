import type { reasons as english } from '../en/reasons.ts';

export const reasons: Record<keyof typeof english, string> = {
  'reason.required': 'Bitte füllen Sie dieses Feld aus.',
  'reason.only-local-part': 'Geben Sie nur den Teil vor dem @ ein.',
  'reason.plus-sign':
    'Das Pluszeichen ist für Unteradressen (sie+beliebig@…) reserviert und kann nicht verwendet werden.',
  'reason.too-short': 'Das ist zu kurz.',
  'reason.too-long': 'Das ist zu lang.',
  'reason.invalid-characters':
    'Verwenden Sie nur Buchstaben a–z, Ziffern, Punkte, Bindestriche und Unterstriche (keine Leerzeichen oder Akzente).',
  'reason.invalid-edges': 'Beginnen und enden Sie mit einem Buchstaben oder einer Ziffer.',
  'reason.double-dot': 'Zwei Punkte hintereinander sind nicht erlaubt.',
  'reason.dollar-sign': 'Das $-Zeichen kann in einem Namen nicht verwendet werden.',
  'reason.reserved': '„{localPart}“ ist für den Maildienst reserviert.',
  'reason.taken': 'Diese Adresse ist bereits vergeben.',
  'reason.duplicate': 'Das haben Sie bereits.',
  'reason.invalid-domain':
    'Das ist kein Domainname: Verwenden Sie Buchstaben, Ziffern und Bindestriche, zum Beispiel example.org.',
  'reason.service-domain': '{domain} gehört zum Maildienst und kann nicht hinzugefügt werden.',
  'reason.domain-unverified': '{domain} ist noch nicht bestätigt. Bestätigen Sie die Domain zuerst.',
  'reason.domain-taken': 'Diese Domain wird bereits von einem anderen Konto verwendet.',
  'reason.domain-has-aliases': 'Entfernen Sie zuerst die Adressen auf {domain}: {addresses}.',
  'reason.limit-reached':
    'Ihr Tarif enthält {limit} davon, und Sie nutzen alle. Entfernen Sie zuerst einen Eintrag.',
  'reason.not-included': 'Ihr Tarif enthält das nicht.',
  'reason.no-mail-plan': 'Ihr Tarif enthält kein Postfach. Wählen Sie zuerst einen Tarif mit E-Mail.',
  'reason.no-mailbox': 'Sie haben noch kein Postfach. Wählen Sie zuerst Ihre Adresse.',
  'reason.mailbox-receive-only':
    'Ihr Postfach empfängt nur noch E-Mails, solange Ihr Tarif abgelaufen ist; das ist deshalb gerade nicht möglich.',
  'reason.mailbox-inactive': 'Ihr Postfach ist abgeschaltet; das ist deshalb gerade nicht möglich.',
  'reason.address-fixed': 'Sie haben bereits ein Postfach; seine Adresse lässt sich nicht ändern.',
  'reason.not-removable': 'Diese Adresse gehört zu Ihrem Postfach und kann nicht entfernt werden.',
  'reason.catch-all-setting': 'Schalten Sie das Catch-all stattdessen unter „Eigene Domains“ ab.',
  'reason.signup-not-allowed': 'Für diese Adresse können hier noch keine neuen Konten angelegt werden.',
} as const;
