import type { subscription as english } from '../en/subscription.ts';

export const subscription: Record<keyof typeof english, string> = {
  'subscription.title': 'Abonnement',
  'subscription.description': 'Ihr Tarif, sein Preis und die Verlängerung, und Zahlungen über Paddle.',

  'subscription.card.title': 'Ihr Abonnement',
  'subscription.card.none': 'Sie haben noch kein Abonnement.',
  'subscription.card.noneHint':
    'Wählen Sie unten einen Tarif, um ein Postfach und die enthaltenen Apps zu erhalten.',
  'subscription.card.status': 'Status',
  'subscription.card.price': 'Preis',
  'subscription.card.renews': 'Verlängert sich am',
  'subscription.card.ends': 'Endet am',
  'subscription.card.ended': 'Beendet am',
  'subscription.card.graceEnds': 'Funktionen enden am',
  'subscription.card.unknownPlan': 'Wird geprüft',
  'subscription.card.product': 'Auf Ihren Rechnungen',
  'subscription.per.month': '{price} pro Monat',
  'subscription.per.year': '{price} pro Jahr',

  'subscription.badge.active': 'Aktiv',
  'subscription.badge.trialing': 'Testphase',
  'subscription.badge.ending': 'Endet zum Periodenende',
  'subscription.badge.pastDue': 'Zahlungsproblem',
  'subscription.badge.paused': 'Pausiert',
  'subscription.badge.lapsed': 'Beendet',
  'subscription.badge.review': 'Wird vom Team geprüft',

  'subscription.note.ending':
    'Ihr Abonnement endet am {date}. Bis dahin behalten Sie Ihren Tarif; setzen Sie es fort, damit es weiterläuft.',
  'subscription.note.pastDue':
    'Paddle konnte Ihre letzte Zahlung nicht einziehen. Aktualisieren Sie Ihre Zahlungsart, um Ihren Tarif über den {date} hinaus zu behalten.',
  'subscription.note.pastDueNoDate':
    'Paddle konnte Ihre letzte Zahlung nicht einziehen. Aktualisieren Sie Ihre Zahlungsart, um Ihren Tarif zu behalten.',
  'subscription.note.paused': 'Ihr Abonnement ist pausiert. Ihr Tarif bleibt bis zum {date} aktiv.',
  'subscription.note.pausedNoDate': 'Ihr Abonnement ist pausiert.',
  'subscription.note.lapsed':
    'Ihr Abonnement ist beendet. Nichts wurde gelöscht: Ihr Postfach und Ihre E-Mails bleiben erhalten. Wählen Sie einen Tarif, um alles wieder einzuschalten.',
  'subscription.note.unknownPlan':
    'Ihre Zahlung ist eingegangen, aber ihr Preis passt zu keinem unserer Tarife. Unser Team kümmert sich darum; Sie müssen nicht noch einmal zahlen.',

  'subscription.action.cancel': 'Abonnement kündigen…',
  'subscription.action.resume': 'Abonnement fortsetzen',
  'subscription.action.portal': 'Rechnungen und Zahlungsarten',
  'subscription.action.updatePayment': 'Zahlungsart aktualisieren',
  'subscription.portal.newTab': 'öffnet in einem neuen Tab',
  'subscription.portal.opening': 'Paddle wird geöffnet…',
  'subscription.resumed': 'Ihr Abonnement verlängert sich wie bisher.',
  'subscription.canceled': 'Ihr Abonnement endet am {date}.',
  'subscription.canceledNoDate': 'Ihr Abonnement endet zum Ende der Periode.',

  'subscription.cancel.title': 'Abonnement kündigen?',
  'subscription.cancel.body':
    'Es endet am {date}, zum Ende des bezahlten Zeitraums. Bis dahin ändert sich nichts; Sie können es bis dahin jederzeit fortsetzen.',
  'subscription.cancel.bodyNoDate':
    'Es endet zum Ende des bezahlten Zeitraums. Bis dahin ändert sich nichts; Sie können es bis dahin jederzeit fortsetzen.',
  'subscription.cancel.after':
    'Danach werden die Funktionen des Tarifs abgeschaltet. Nichts wird gelöscht: Ihr Postfach und Ihre E-Mails bleiben erhalten, und ein neuer Tarif schaltet alles wieder ein.',
  'subscription.cancel.keep': 'Abonnement behalten',
  'subscription.cancel.confirm': 'Zum Periodenende kündigen',

  'subscription.plans.title': 'Tarife',
  'subscription.plans.none': 'Derzeit werden keine Tarife angeboten.',
  'subscription.plans.current': 'Ihr Tarif',
  'subscription.plans.choose': '{plan} wählen',
  'subscription.plans.changeInPortal':
    'Sie haben bereits einen Tarif. Um zu wechseln, nutzen Sie „Rechnungen und Zahlungsarten“, damit Sie nicht doppelt zahlen.',
  'subscription.plans.notConfigured':
    'Zahlungen sind hier noch nicht eingerichtet, daher können keine Tarife gekauft werden. Bitte wenden Sie sich an das Betreiberteam.',
  'subscription.feature.quota': '{size} Postfach',
  'subscription.feature.aliases_one': '{count} Alias',
  'subscription.feature.aliases_other': '{count} Aliasse',
  'subscription.feature.appPasswords_one': '{count} App-Passwort',
  'subscription.feature.appPasswords_other': '{count} App-Passwörter',
  'subscription.feature.domains_one': '{count} eigene Domain',
  'subscription.feature.domains_other': '{count} eigene Domains',
  'subscription.feature.apps': 'Enthält {apps}',
  'subscription.features': 'Was {plan} enthält',

  'subscription.checkout.title': 'Bezahlung',
  'subscription.checkout.opening': 'Die sichere Bezahlseite von Paddle für {plan} wird geöffnet…',
  'subscription.checkout.open': 'Schließen Sie die Zahlung für {plan} im Fenster von Paddle ab.',
  'subscription.checkout.unavailable':
    'Das Zahlungsfenster von Paddle konnte nicht geladen werden, daher wurde die Bezahlung für {plan} nicht geöffnet. Es wurde nichts berechnet. Ursache kann ein Inhaltsblocker, eine Firewall oder eine unterbrochene Verbindung sein.',
  'subscription.checkout.retry': 'Neu laden und erneut versuchen',
  'subscription.checkout.pending': 'Zahlung bei Paddle eingegangen. Warten auf die Bestätigung…',
  'subscription.checkout.pendingHint':
    'Das dauert meist nur Sekunden. Die Seite aktualisiert sich selbst; Sie können sie auch verlassen und später zurückkehren.',
  'subscription.checkout.watching': 'Warten auf eine Zahlungsbestätigung für {plan}…',
  'subscription.checkout.watchingHint':
    'Wenn Sie die Zahlung auf anderem Weg abschließen, etwa in einem anderen Tab, aktualisiert sich diese Seite selbst.',
  'subscription.checkout.devHint':
    'In dieser Sandbox ist Paddle nicht erreichbar; Entwickler schließen die Bezahlung ab mit:',
  'subscription.checkout.slow':
    'Die Bestätigung dauert länger als üblich. Wenn Sie bezahlt haben, erscheint Ihr Tarif hier, sobald Paddle ihn bestätigt.',
  'subscription.checkout.checkAgain': 'Erneut prüfen',
  'subscription.checkout.dismiss': 'Nicht mehr warten',
  'subscription.checkout.active': 'Zahlung bestätigt: {plan} ist aktiv. Willkommen!',
  'subscription.checkout.failed':
    'Die Zahlung für {plan} ist nicht durchgegangen, es wurde nichts berechnet. Sie können es erneut versuchen, vielleicht mit einer anderen Zahlungsart.',
  'subscription.checkout.review':
    'Ihre Zahlung ist eingegangen, konnte aber nicht automatisch Ihrem Konto zugeordnet werden. Unser Team ordnet sie von Hand zu; Sie müssen nicht noch einmal zahlen.',
  'subscription.checkout.close': 'Schließen',
  'subscription.checkout.chooseAddress':
    'Ihr Tarif enthält ein Postfach: Wählen Sie als Nächstes seine Adresse.',
  'subscription.checkout.chooseAddressLink': 'Adresse wählen',
};
