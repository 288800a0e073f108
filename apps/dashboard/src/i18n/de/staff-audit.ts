import type { staffAudit as english } from '../en/staff-audit.ts';

export const staffAudit: Record<keyof typeof english, string> = {
  'audit.description': 'Wer was wann geändert hat, mit dem Zustand davor und danach.',
  'audit.filters': 'Änderungsprotokoll filtern',
  'audit.filter.actor': 'Wer',
  'audit.filter.actorHint': 'Eine E-Mail-Adresse oder eine Benutzer-ID.',
  'audit.filter.action': 'Aktion',
  'audit.filter.actionHint':
    'Genau, etwa client.update, oder ein Anfang, der mit einem Punkt endet, etwa client.',
  'audit.filter.entityType': 'Typ',
  'audit.filter.entityId': 'ID',
  'audit.filter.any': 'Alle',
  'audit.filter.from': 'Von',
  'audit.filter.to': 'Bis',
  'audit.filter.zone': 'Zeitzone: {zone}',
  'audit.filter.badTime': 'Geben Sie Datum und Uhrzeit ein.',
  'audit.filter.toBeforeFrom': 'Das darf nicht vor dem Beginn liegen.',
  'audit.filter.apply': 'Filter anwenden',
  'audit.filter.clear': 'Zurücksetzen',
  'audit.entries': 'Einträge',
  'audit.none': 'Es wurde noch nichts festgehalten.',
  'audit.noMatches': 'Kein Eintrag passt zu diesen Filtern.',
  'audit.by': 'Von {actor}',
  'audit.system': 'dem System',
  'audit.ip': 'über {ip}',
  'audit.showChanges': 'Änderungen anzeigen',
  'audit.changesOf': 'Änderungen von {action}',
};
