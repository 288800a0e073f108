import type { staffAllowList as english } from '../en/staff-allow-list.ts';

export const staffAllowList: Record<keyof typeof english, string> = {
  'allowList.title': 'Freigabeliste für Registrierungen',
  'allowList.description':
    'Solange die Registrierung geschlossen ist, dürfen nur diese Adressen und alle unter diesen @Domains ein Konto anlegen.',
  'allowList.addTitle': 'Registrierung erlauben',
  'allowList.pattern': 'E-Mail-Adresse oder @Domain',
  'allowList.patternHint': 'Etwa ada@example.com, oder @example.com für alle dort.',
  'allowList.pattern.invalid': 'Geben Sie eine E-Mail-Adresse ein, oder eine Domain, die mit @ beginnt.',
  'allowList.note': 'Notiz',
  'allowList.noteHint': 'Optional: warum sie sich registrieren dürfen.',
  'allowList.add': 'Zur Liste hinzufügen',
  'allowList.added': '{pattern} darf sich jetzt registrieren.',
  'allowList.entries': 'Auf der Liste',
  'allowList.search': 'Liste durchsuchen',
  'allowList.searchHint': 'Adresse oder Domain',
  'allowList.none': 'Die Liste ist leer.',
  'allowList.noMatches': 'Nichts auf der Liste passt zu „{query}“.',
  'allowList.column.pattern': 'Adresse oder Domain',
  'allowList.column.kind': 'Art',
  'allowList.column.note': 'Notiz',
  'allowList.column.added': 'Hinzugefügt',
  'allowList.column.actions': 'Aktionen',
  'allowList.kind.domain': 'Domain',
  'allowList.kind.address': 'Adresse',
  'allowList.remove': 'Entfernen',
  'allowList.removeNamed': '{pattern} entfernen',
  'allowList.removeTitle': 'Von der Freigabeliste entfernen?',
  'allowList.removeBody':
    'Solange die Registrierung geschlossen ist, kann sich {pattern} nicht mehr registrieren. Bestehende Konten bleiben unberührt.',
  'allowList.removed': '{pattern} wurde von der Liste entfernt.',
};
