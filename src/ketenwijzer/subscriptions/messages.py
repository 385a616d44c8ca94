"""Every text readers see from the subscription service and in its mails' subjects, in Dutch and English.

The bodies of mails live in the templates in ``templates/`` beside this module (package data).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "back": {"nl": "Terug naar Ketenwijzer", "en": "Back to Ketenwijzer"},
    # the sign-up form and its answer
    "subscribe.title": {"nl": "Aanmelden voor {newsletter}", "en": "Subscribe to {newsletter}"},
    "subscribe.intro": {
        "nl": "Ontvang een e-mail zodra er een nieuw nummer van {newsletter} verschijnt.",
        "en": "Receive an e-mail when a new edition of {newsletter} is published.",
    },
    "subscribe.email": {"nl": "Uw e-mailadres", "en": "Your e-mail address"},
    "subscribe.lang": {"nl": "Taal van de e-mails", "en": "Language of the e-mails"},
    "subscribe.honeypot": {"nl": "Laat dit veld leeg", "en": "Leave this field empty"},
    "subscribe.button": {"nl": "Aanmelden", "en": "Subscribe"},
    "subscribe.privacy": {
        "nl": "We gebruiken uw adres alleen voor deze e-mails. Onder elke e-mail staat een link om u af te melden.",
        "en": "We use your address only for these e-mails. Every e-mail has a link to unsubscribe.",
    },
    "lang.nl": {"nl": "Nederlands", "en": "Dutch"},
    "lang.en": {"nl": "Engels", "en": "English"},
    "signup.title": {"nl": "Kijk in uw mailbox", "en": "Check your inbox"},
    "signup.body": {
        "nl": "Als dit adres nog niet is aangemeld, krijgt u binnen enkele minuten een e-mail met een link. "
        "Pas als u die link opent en uw aanmelding bevestigt, bent u aangemeld. "
        "Was u al aangemeld? Dan verandert er niets.",
        "en": "If this address is not subscribed yet, you will receive an e-mail with a link within a few minutes. "
        "You are subscribed only once you open that link and confirm. "
        "Already subscribed? Then nothing changes.",
    },
    "signup.spam": {
        "nl": "Geen e-mail gekregen? Kijk ook bij ongewenste e-mail (spam).",
        "en": "No e-mail? Please also look in your spam or junk folder.",
    },
    # confirming
    "confirm.title": {"nl": "Bevestig uw aanmelding", "en": "Confirm your subscription"},
    "confirm.body": {
        "nl": "Klik op de knop om uw aanmelding voor {newsletter} te bevestigen.",
        "en": "Press the button to confirm your subscription to {newsletter}.",
    },
    "confirm.button": {"nl": "Ja, meld mij aan", "en": "Yes, subscribe me"},
    "confirmed.title": {"nl": "U bent aangemeld", "en": "You are subscribed"},
    "confirmed.body": {
        "nl": "Bedankt. U krijgt voortaan een e-mail bij elk nieuw nummer van {newsletter}.",
        "en": "Thank you. From now on you will receive an e-mail with every new edition of {newsletter}.",
    },
    # unsubscribing
    "unsubscribe.title": {"nl": "Afmelden", "en": "Unsubscribe"},
    "unsubscribe.body": {
        "nl": "Klik op de knop om u af te melden voor {newsletter}.",
        "en": "Press the button to unsubscribe from {newsletter}.",
    },
    "unsubscribe.button": {"nl": "Afmelden", "en": "Unsubscribe"},
    "unsubscribed.title": {"nl": "U bent afgemeld", "en": "You are unsubscribed"},
    "unsubscribed.body": {
        "nl": "U krijgt geen e-mails van {newsletter} meer. Uw adres is verwijderd.",
        "en": "You will no longer receive e-mails from {newsletter}. Your address has been deleted.",
    },
    # managing a subscription (reached through the unsubscribe link in every mail)
    "manage.heading": {"nl": "Liever in een andere taal?", "en": "Another language?"},
    "manage.body": {
        "nl": "U kunt ook aangemeld blijven en de e-mails voortaan in een andere taal ontvangen.",
        "en": "You can also stay subscribed and receive the e-mails in another language from now on.",
    },
    "manage.button": {"nl": "Taal opslaan", "en": "Save language"},
    "managed.title": {"nl": "Uw keuze is opgeslagen", "en": "Your choice has been saved"},
    "managed.body": {
        "nl": "U ontvangt de e-mails van {newsletter} voortaan in het Nederlands.",
        "en": "From now on you will receive the e-mails of {newsletter} in English.",
    },
    # refusals
    "error.title": {"nl": "Dat lukte niet", "en": "That did not work"},
    "email.missing": {"nl": "Vul uw e-mailadres in.", "en": "Please fill in your e-mail address."},
    "email.invalid": {
        "nl": "Dit is geen geldig e-mailadres. Controleer het adres en probeer het opnieuw.",
        "en": "This is not a valid e-mail address. Please check it and try again.",
    },
    "email.too_long": {
        "nl": "Dit e-mailadres is te lang (meer dan 254 tekens).",
        "en": "This e-mail address is too long (more than 254 characters).",
    },
    "lang.invalid": {"nl": "Kies Nederlands of Engels als taal.", "en": "Please choose Dutch or English as language."},
    "token.missing": {
        "nl": "De link is niet compleet. Kopieer de hele link uit de e-mail.",
        "en": "The link is incomplete. Please copy the whole link from the e-mail.",
    },
    "token.invalid": {
        "nl": "Deze link is ongeldig. Kopieer de hele link uit de e-mail, of meld u opnieuw aan.",
        "en": "This link is not valid. Please copy the whole link from the e-mail, or sign up again.",
    },
    "token.expired": {
        "nl": "Deze link is verlopen. Meld u opnieuw aan; u krijgt dan een nieuwe link.",
        "en": "This link has expired. Please sign up again to get a new link.",
    },
    "token.unknown": {
        "nl": "Deze aanmelding bestaat niet meer. Meld u opnieuw aan.",
        "en": "This sign-up no longer exists. Please sign up again.",
    },
    "token.invalid.unsubscribe": {
        "nl": "Deze afmeldlink is ongeldig. Gebruik de link onder de laatste e-mail die u kreeg.",
        "en": "This unsubscribe link is not valid. Please use the link in the latest e-mail you received.",
    },
    "token.expired.unsubscribe": {
        "nl": "Deze afmeldlink is verlopen. Gebruik de link onder de laatste e-mail die u kreeg.",
        "en": "This unsubscribe link has expired. Please use the link in the latest e-mail you received.",
    },
    "too_large": {"nl": "Het formulier bevat te veel gegevens.", "en": "The form contains too much data."},
    "too_many": {
        "nl": "Te veel aanmeldingen in korte tijd. Probeer het over een uur opnieuw.",
        "en": "Too many sign-ups in a short time. Please try again in an hour.",
    },
    "bad_request": {
        "nl": "Het formulier kon niet worden gelezen. Gebruik het formulier op de website.",
        "en": "The form could not be read. Please use the form on the website.",
    },
    "not_found": {"nl": "Deze pagina bestaat niet.", "en": "This page does not exist."},
    "method": {
        "nl": "Deze pagina werkt zo niet. Gebruik het formulier op de website.",
        "en": "This page does not work that way. Please use the form on the website.",
    },
    "server": {
        "nl": "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
        "en": "Something went wrong on our side. Please try again later.",
    },
    # mail subjects
    "mail.confirm.subject": {"nl": "Bevestig uw aanmelding voor {newsletter}", "en": "Confirm your subscription to {newsletter}"},
    "mail.announcement.subject": {"nl": "{newsletter} nr. {number}: {title}", "en": "{newsletter} no. {number}: {title}"},
}


def t(key: str, lang: str, **values: object) -> str:
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["nl"]
    return text.format(**values) if values else text
