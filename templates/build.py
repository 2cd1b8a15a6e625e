"""Generate the DOCX templates and the kind.yaml of every document kind.

Run `python templates/build.py`: it rewrites templates/<kind>/{kind.yaml,en,fr,es.docx}
byte for byte the same on every run. Edit the wording here, never in the generated files.

How to read the texts below:

- A paragraph is a string (a justified body paragraph) or a (style, text) pair; the
  styles are in STYLES.
- A paragraph that is exactly a `{%p ... %}` tag is a docxtpl control paragraph: it
  disappears when rendered, so `{%p if ... %}` / `{%p endif %}` keep or drop the
  paragraphs between them.
- `[[name]]` is a language-dependent phrase from PHRASES (articles before the
  recipient's title, forms of address by gender and channel, dates of an incident);
  it is expanded when the template is built, so the .docx holds plain Jinja.
- French texts are written with ordinary spaces: `french_spacing` puts the no-break
  spaces before ":" ";" "?" "!" and inside « ».
- Each Jinja tag stays inside one run of one paragraph (one run per paragraph here).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
LANGS = ("en", "fr", "es")
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
FONT = "Times New Roman"
WORD_LANG = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}

Texts = dict[str, str]
Para = str | tuple[str, str]


# --- Building blocks of the Jinja phrases --------------------------------------------


def by_gender(female: str, male: str, neutral: str) -> str:
    """Choose a phrase by `recipient.gender` ("female", "male", or "" when unknown)."""
    return (
        "{% if recipient.gender == 'female' %}"
        + female
        + "{% elif recipient.gender == 'male' %}"
        + male
        + "{% else %}"
        + neutral
        + "{% endif %}"
    )


def by_channel(capital: str, mission: str) -> str:
    """Choose a phrase by `recipient.channel` ("capital" or "mission")."""
    return (
        "{% if recipient.channel == 'capital' %}" + capital + "{% else %}" + mission + "{% endif %}"
    )


def by_incident_days(single: str, span: str) -> str:
    """Choose a phrase by whether the incident lasted one day or several."""
    return (
        "{% if incident.end_date == incident.start_date %}"
        + single
        + "{% else %}"
        + span
        + "{% endif %}"
    )


START = "{{ incident.start_date|longdate }}"
END = "{{ incident.end_date|longdate }}"
IF_MISSION = "{% if recipient.channel == 'mission' %}"

# Mission titles are feminine ("Mission"), ministry titles masculine ("Ministère",
# "Ministerio"): the article before `recipient.organisation` follows the channel.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "to_organisation": "to the {{ recipient.organisation }}",
        "the_addressee": by_channel("the Ministry", "the Mission"),
        "to_addressee": by_channel("to the Ministry", "to the Mission"),
        "of_addressee": by_channel("of the Ministry", "of the Mission"),
        "where": "in {{ incident.place }}, {{ incident.state_name }}",
        "when": by_incident_days(f"on {START}", f"between {START} and {END}"),
        "dateline": "{{ sender.place }}, {{ date|longdate }}",
        "honorific": by_gender("H.E. Ms. ", "H.E. Mr. ", "H.E. "),
        "salutation": "Excellency,",
        "in_capital": IF_MISSION + " in your capital{% endif %}",
    },
    "fr": {
        "to_organisation": by_channel("au ", "à la ") + "{{ recipient.organisation }}",
        "the_addressee": by_channel("le Ministère", "la Mission"),
        "to_addressee": by_channel("au Ministère", "à la Mission"),
        "of_addressee": by_channel("du Ministère", "de la Mission"),
        # French puts an article before a country ("la Syrie") and chooses "à", "en" or
        # "dans" by the kind of place: the place and country go in brackets instead.
        "where": "({{ incident.place }}, {{ incident.state_name }})",
        "when": by_incident_days(f"le {START}", f"entre le {START} et le {END}"),
        "dateline": "{{ sender.place }}, le {{ date|longdate }}",
        "honorific": by_gender(
            "Son Excellence Madame ", "Son Excellence Monsieur ", "Son Excellence "
        ),
        # The closing repeats the form of address of the salutation.
        "excellency": by_channel(
            by_gender("Madame la Ministre", "Monsieur le Ministre", "Excellence"),
            by_gender("Madame l'Ambassadrice", "Monsieur l'Ambassadeur", "Excellence"),
        ),
        "salutation": "[[excellency]],",
        "in_capital": IF_MISSION + " de votre capitale{% endif %}",
    },
    "es": {
        "to_organisation": by_channel("al ", "a la ") + "{{ recipient.organisation }}",
        "the_addressee": by_channel("el Ministerio", "la Misión"),
        "to_addressee": by_channel("al Ministerio", "a la Misión"),
        "of_addressee": by_channel("del Ministerio", "de la Misión"),
        "where": "en {{ incident.place }} ({{ incident.state_name }})",
        "when": by_incident_days(f"el {START}", f"entre el {START} y el {END}"),
        "dateline": "{{ sender.place }}, {{ date|longdate }}",
        # "S. E." (Su Excelencia) is the neutral form when the gender is unknown.
        "honorific": by_gender("Excma. Sra. ", "Excmo. Sr. ", "S. E. "),
        "salutation": by_channel(
            by_gender("Señora Ministra", "Señor Ministro", "Excelencia"),
            by_gender(
                "Excelentísima Señora Embajadora",
                "Excelentísimo Señor Embajador",
                "Excelencia",
            ),
        )
        + ":",
        "in_capital": IF_MISSION + " en su capital{% endif %}",
    },
}

LETTERHEAD: Texts = {
    "en": "Convention on Cluster Munitions",
    "fr": "Convention sur les armes à sous-munitions",
    "es": "Convención sobre Municiones en Racimo",
}


# --- Stock formulas of each form (domain/formulas.md) -------------------------------

NOTE_CLOSING: Texts = {
    "en": "{{ sender.name }} avails itself of this opportunity to renew [[to_organisation]]"
    " the assurances of its highest consideration.",
    "fr": "{{ sender.name }} saisit cette occasion pour renouveler [[to_organisation]]"
    " les assurances de sa très haute considération.",
    "es": "{{ sender.name }} aprovecha la oportunidad para reiterar [[to_organisation]]"
    " las seguridades de su más alta y distinguida consideración.",
}

LETTER_CLOSING: Texts = {
    "en": "Please accept, Excellency, the assurances of my highest consideration.",
    "fr": "Je vous prie d'agréer, [[excellency]], les assurances de ma très haute considération.",
    "es": "Aprovecho la oportunidad para reiterar a Vuestra Excelencia las seguridades"
    " de mi más alta y distinguida consideración.",
}

ENCLOSURE: Texts = {"en": "Enclosure", "fr": "Pièce jointe", "es": "Anexo"}


# --- The kinds -----------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One document kind: its metadata (kind.yaml) and its text in each language."""

    name: str
    form: str
    sender: str
    variables: list[str]
    title: Texts
    subject: Texts
    body: Texts
    paragraphs: dict[str, list[Para]]
    enclosure: bool = False


CONDEMNATION_STATEMENT = Kind(
    name="condemnation-statement",
    form="statement",
    sender="presidency",
    variables=["incident"],
    title={
        "en": "Statement on a reported use of cluster munitions",
        "fr": "Déclaration sur un emploi signalé d'armes à sous-munitions",
        "es": "Declaración sobre una denuncia de empleo de municiones en racimo",
    },
    subject={
        "en": "Statement on the reported use of cluster munitions [[where]]",
        "fr": "Déclaration sur l'emploi signalé d'armes à sous-munitions [[where]]",
        "es": "Declaración sobre las denuncias de empleo de municiones en racimo [[where]]",
    },
    body={
        "en": "Please find attached a statement, dated {{ date|longdate }}, on the reported"
        " use of cluster munitions [[where]]. {{ sender.name }} would be grateful if it"
        " could be brought to the attention of the competent authorities.",
        "fr": "Veuillez trouver ci-joint une déclaration, datée du {{ date|longdate }},"
        " sur l'emploi signalé d'armes à sous-munitions [[where]]. {{ sender.name }}"
        " vous saurait gré de bien vouloir la porter à l'attention des autorités"
        " compétentes.",
        "es": "Adjunto se remite una declaración, de fecha {{ date|longdate }}, sobre las"
        " denuncias de empleo de municiones en racimo [[where]]. {{ sender.name }}"
        " agradecería que se señalara a la atención de las autoridades competentes.",
    },
    paragraphs={
        "en": [
            ("title", "Statement on the reported use of cluster munitions [[where]]"),
            ("centre", "[[dateline]]"),
            "{{ sender.name }} expresses its deep concern at reports of the use of"
            " cluster munitions [[where]], [[when]].",
            "{%p if incident.populated_area %}",
            "These reports indicate that cluster munitions were used in populated areas."
            " Such use is particularly alarming: cluster munitions have indiscriminate"
            " effects and cause unacceptable harm to civilians, both at the time of use"
            " and for many years afterwards, as unexploded submunitions continue to kill"
            " and maim.",
            "{%p endif %}",
            "Recalling the humanitarian purpose of the Convention, {{ sender.short_name }}"
            " condemns any use of cluster munitions by any actor under any circumstances,"
            " in populated and unpopulated areas alike, and calls on all actors to"
            " refrain from any further use.",
            "In addition, {{ sender.short_name }} calls on all States that have not yet"
            " done so to join the Convention without delay, and on all States Parties to"
            " implement it fully and to make their best efforts to discourage States not"
            " party from using cluster munitions, as provided for in Article 21.",
            "{%p if incident.sources %}",
            ("heading", "Sources"),
            "{%p for s in incident.sources %}",
            ("bullet", "{{ s.title }}, {{ s.publisher }}, {{ s.date|longdate }}, {{ s.url }}"),
            "{%p endfor %}",
            "{%p endif %}",
        ],
        "fr": [
            ("title", "Déclaration sur l'emploi signalé d'armes à sous-munitions [[where]]"),
            ("centre", "[[dateline]]"),
            "{{ sender.name }} exprime sa profonde préoccupation face aux informations"
            " faisant état de l'emploi d'armes à sous-munitions [[where]] [[when]].",
            "{%p if incident.populated_area %}",
            "Selon ces informations, des armes à sous-munitions auraient été employées"
            " dans des zones peuplées. Un tel emploi est particulièrement alarmant : les"
            " armes à sous-munitions frappent sans discrimination et causent des"
            " dommages inacceptables aux civils, au moment de leur emploi comme pendant"
            " de nombreuses années, les sous-munitions non explosées continuant de tuer"
            " et de mutiler.",
            "{%p endif %}",
            "Rappelant l'objectif humanitaire de la Convention, {{ sender.short_name }}"
            " condamne tout emploi d'armes à sous-munitions, par quelque acteur que ce"
            " soit et quelles que soient les circonstances, dans les zones peuplées"
            " comme ailleurs, et appelle tous les acteurs à s'abstenir de tout nouvel"
            " emploi.",
            "En outre, {{ sender.short_name }} appelle tous les États qui ne l'ont pas"
            " encore fait à devenir parties à la Convention sans tarder, et tous les"
            " États parties à la mettre pleinement en œuvre et à faire tout leur possible"
            " pour dissuader les États non parties d'employer des armes à sous-munitions,"
            " comme le prévoit l'article 21.",
            "{%p if incident.sources %}",
            ("heading", "Sources"),
            "{%p for s in incident.sources %}",
            ("bullet", "{{ s.title }}, {{ s.publisher }}, {{ s.date|longdate }}, {{ s.url }}"),
            "{%p endfor %}",
            "{%p endif %}",
        ],
        "es": [
            (
                "title",
                "Declaración sobre las denuncias de empleo de municiones en racimo [[where]]",
            ),
            ("centre", "[[dateline]]"),
            "{{ sender.name }} expresa su profunda preocupación por las denuncias de"
            " empleo de municiones en racimo [[where]] [[when]].",
            "{%p if incident.populated_area %}",
            "Según estas denuncias, se habrían empleado municiones en racimo en zonas"
            " pobladas. Ese empleo resulta especialmente alarmante: las municiones en"
            " racimo tienen efectos indiscriminados y causan daños inaceptables a la"
            " población civil, tanto en el momento de su empleo como durante muchos"
            " años después, ya que las submuniciones sin estallar siguen matando y"
            " mutilando.",
            "{%p endif %}",
            "Recordando el propósito humanitario de la Convención, {{ sender.short_name }}"
            " condena todo empleo de municiones en racimo por cualquier actor y en"
            " cualquier circunstancia, tanto en zonas pobladas como fuera de ellas, y"
            " exhorta a todos los actores a que se abstengan de todo nuevo empleo.",
            "Asimismo, {{ sender.short_name }} exhorta a todos los Estados que aún no lo"
            " hayan hecho a que se hagan partes en la Convención sin demora, y a todos los"
            " Estados Partes a que la apliquen plenamente y hagan todo lo posible por"
            " disuadir a los Estados que no son partes de emplear municiones en racimo,"
            " conforme a lo previsto en el artículo 21.",
            "{%p if incident.sources %}",
            ("heading", "Fuentes"),
            "{%p for s in incident.sources %}",
            ("bullet", "{{ s.title }}, {{ s.publisher }}, {{ s.date|longdate }}, {{ s.url }}"),
            "{%p endfor %}",
            "{%p endif %}",
        ],
    },
)

STATEMENT_TRANSMITTAL = Kind(
    name="statement-transmittal",
    form="note-verbale",
    sender="isu",
    variables=["incident", "statement"],
    title={
        "en": "Transmittal of a statement on a reported use of cluster munitions",
        "fr": "Transmission d'une déclaration sur un emploi signalé d'armes à sous-munitions",
        "es": "Transmisión de una declaración sobre una denuncia de empleo de municiones en racimo",
    },
    subject={
        "en": "Note verbale {{ reference }}: {{ statement.title }}",
        "fr": "Note verbale {{ reference }} : {{ statement.title }}",
        "es": "Nota verbal {{ reference }}: {{ statement.title }}",
    },
    body={
        "en": "Please find attached note verbale {{ reference }} of {{ date|longdate }},"
        " transmitting the statement “{{ statement.title }}”. The statement concerns"
        " reports of the use of cluster munitions [[where]].",
        "fr": "Veuillez trouver ci-joint la note verbale {{ reference }} du"
        " {{ date|longdate }}, qui transmet la déclaration « {{ statement.title }} »."
        " Cette déclaration porte sur l'emploi signalé d'armes à sous-munitions"
        " [[where]].",
        "es": "Adjunto se remite la nota verbal {{ reference }}, de fecha"
        " {{ date|longdate }}, por la que se transmite la declaración"
        " «{{ statement.title }}». La declaración se refiere a las denuncias de empleo"
        " de municiones en racimo [[where]].",
    },
    paragraphs={
        "en": [
            "{{ sender.name }} presents its compliments [[to_organisation]] and has the"
            " honour to transmit herewith the statement entitled “{{ statement.title }}”,"
            " concerning reports of the use of cluster munitions [[where]], [[when]].",
            "In this regard, {{ sender.short_name }} would be grateful if [[the_addressee]]"
            " could bring the statement to the attention of the competent national"
            " authorities. The statement will also be published on the website of the"
            " Convention.",
        ],
        "fr": [
            "{{ sender.name }} présente ses compliments [[to_organisation]] et a"
            " l'honneur de lui transmettre ci-joint la déclaration intitulée"
            " « {{ statement.title }} », relative à l'emploi signalé d'armes à"
            " sous-munitions [[where]] [[when]].",
            "À cet égard, {{ sender.short_name }} saurait gré [[to_addressee]] de bien"
            " vouloir porter cette déclaration à l'attention des autorités nationales"
            " compétentes. La déclaration sera également publiée sur le site Web de la"
            " Convention.",
        ],
        "es": [
            "{{ sender.name }} saluda atentamente [[to_organisation]] y tiene el honor"
            " de transmitirle adjunta la declaración titulada «{{ statement.title }}»,"
            " relativa a las denuncias de empleo de municiones en racimo [[where]]"
            " [[when]].",
            "A este respecto, {{ sender.short_name }} agradecería [[to_addressee]] que"
            " tuviera a bien señalar esta declaración a la atención de las autoridades"
            " nacionales competentes. La declaración se publicará también en el sitio"
            " web de la Convención.",
        ],
    },
    enclosure=True,
)

IF_INITIAL = "{% if report.kind == 'initial' %}"
IF_SECOND = "{% if report.level == 'second' %}"
PERIOD_START = "{{ report.period_start|longdate }}"
PERIOD_END = "{{ report.period_end|longdate }}"

REPORTING_REMINDER = Kind(
    name="reporting-reminder",
    form="note-verbale",
    sender="isu",
    variables=["report"],
    title={
        "en": "Reminder of an overdue transparency report (Article 7)",
        "fr": "Rappel concernant un rapport de transparence en retard (article 7)",
        "es": "Recordatorio de un informe de transparencia pendiente (artículo 7)",
    },
    subject={
        "en": IF_SECOND
        + "Second reminder{% else %}Reminder{% endif %}: "
        + IF_INITIAL
        + "initial report{% else %}annual report for {{ report.year }}"
        "{% endif %} under Article 7 of the Convention on Cluster Munitions",
        "fr": IF_SECOND
        + "Deuxième rappel{% else %}Rappel{% endif %} : "
        + IF_INITIAL
        + "rapport initial{% else %}rapport annuel portant sur l'année"
        " {{ report.year }}{% endif %} au titre de l'article 7 de la Convention sur"
        " les armes à sous-munitions",
        "es": IF_SECOND
        + "Segundo recordatorio{% else %}Recordatorio{% endif %}: "
        + IF_INITIAL
        + "informe inicial{% else %}informe anual correspondiente a"
        " {{ report.year }}{% endif %} en virtud del artículo 7 de la Convención sobre"
        " Municiones en Racimo",
    },
    body={
        "en": "Please find attached note verbale {{ reference }} of {{ date|longdate }}"
        " concerning a transparency report under Article 7 of the Convention that has"
        " not yet been received. Reports may be submitted electronically to"
        " {{ sender.email }}.",
        "fr": "Veuillez trouver ci-joint la note verbale {{ reference }} du"
        " {{ date|longdate }} concernant un rapport de transparence au titre de"
        " l'article 7 de la Convention qui n'a pas encore été reçu. Les rapports"
        " peuvent être soumis par voie électronique à l'adresse {{ sender.email }}.",
        "es": "Adjunto se remite la nota verbal {{ reference }}, de fecha"
        " {{ date|longdate }}, relativa a un informe de transparencia en virtud del"
        " artículo 7 de la Convención que aún no se ha recibido. Los informes pueden"
        " presentarse por vía electrónica a la dirección {{ sender.email }}.",
    },
    paragraphs={
        "en": [
            "{{ sender.name }} presents its compliments [[to_organisation]] and has the"
            " honour to refer to the transparency obligations of States Parties under"
            " Article 7 of the Convention on Cluster Munitions.",
            "{%p if report.kind == 'initial' %}",
            "Under Article 7(1), each State Party shall submit an initial report as soon"
            " as practicable, and in any event not later than 180 days after the entry"
            " into force of the Convention for that State Party. In this regard,"
            " {{ sender.short_name }} wishes to draw the attention [[of_addressee]] to"
            " the fact that the initial report of its Government, covering the period"
            f" from {PERIOD_START} to {PERIOD_END}, was due on"
            " {{ report.due_date|longdate }} and has not yet been received.",
            "{%p else %}",
            "Under Article 7(2), States Parties shall annually update the information"
            " provided, covering the last calendar year, and report it not later than"
            " 30 April of each year. In this regard, {{ sender.short_name }} wishes to"
            " draw the attention [[of_addressee]] to the fact that the annual updated"
            " report of its Government covering the calendar year {{ report.year }}"
            f" ({PERIOD_START} to {PERIOD_END}) was due on"
            " {{ report.due_date|longdate }} and has not yet been received.",
            "{%p endif %}",
            "{%p if report.level == 'second' %}",
            "Further to its note verbale of {{ report.previous_reminder_date|longdate }},"
            " {{ sender.short_name }} notes with concern that the report is now"
            " {{ report.days_overdue|number }} days overdue, and urges that it be"
            " submitted without further delay.",
            "{%p else %}",
            "Accordingly, {{ sender.short_name }} would be grateful if [[the_addressee]]"
            " could arrange for the report to be submitted at the earliest opportunity.",
            "{%p endif %}",
            "Reports may be submitted electronically to {{ sender.email }}, using the"
            " reporting forms adopted by the Meeting of States Parties. Should any"
            " assistance be required in preparing the report, {{ sender.short_name }}"
            " remains at the disposal [[of_addressee]].",
        ],
        "fr": [
            "{{ sender.name }} présente ses compliments [[to_organisation]] et a"
            " l'honneur de se référer aux obligations en matière de transparence qui"
            " incombent aux États parties en vertu de l'article 7 de la Convention sur"
            " les armes à sous-munitions.",
            "{%p if report.kind == 'initial' %}",
            "Aux termes du paragraphe 1 de l'article 7, chaque État partie présente un"
            " rapport initial dans les meilleurs délais, et au plus tard 180 jours après"
            " l'entrée en vigueur de la Convention pour cet État partie. À cet égard,"
            " {{ sender.short_name }} souhaite appeler l'attention [[of_addressee]] sur"
            " le fait que le rapport initial de son Gouvernement, portant sur la période"
            f" du {PERIOD_START} au {PERIOD_END}, était attendu le"
            " {{ report.due_date|longdate }} et n'a pas encore été reçu.",
            "{%p else %}",
            "Aux termes du paragraphe 2 de l'article 7, les États parties mettent à jour"
            " annuellement les informations fournies, pour l'année civile écoulée, et"
            " les communiquent au plus tard le 30 avril de chaque année. À cet égard,"
            " {{ sender.short_name }} souhaite appeler l'attention [[of_addressee]] sur"
            " le fait que le rapport annuel de mise à jour de son Gouvernement portant"
            " sur l'année civile {{ report.year }}"
            f" (du {PERIOD_START} au {PERIOD_END}) était attendu le"
            " {{ report.due_date|longdate }} et n'a pas encore été reçu.",
            "{%p endif %}",
            "{%p if report.level == 'second' %}",
            "Faisant suite à sa note verbale du"
            " {{ report.previous_reminder_date|longdate }}, {{ sender.short_name }}"
            " constate avec préoccupation que ce rapport accuse désormais un retard de"
            " {{ report.days_overdue|number }} jours et demande instamment qu'il soit"
            " soumis sans plus tarder.",
            "{%p else %}",
            "En conséquence, {{ sender.short_name }} saurait gré [[to_addressee]] de bien"
            " vouloir faire le nécessaire pour que ce rapport soit soumis dans les"
            " meilleurs délais.",
            "{%p endif %}",
            "Les rapports peuvent être soumis par voie électronique à l'adresse"
            " {{ sender.email }}, au moyen des formulaires de rapport adoptés par"
            " l'Assemblée des États parties. Pour toute assistance dans l'établissement"
            " du rapport, {{ sender.short_name }} reste à la disposition"
            " [[of_addressee]].",
        ],
        "es": [
            "{{ sender.name }} saluda atentamente [[to_organisation]] y tiene el honor"
            " de referirse a las obligaciones de transparencia que incumben a los"
            " Estados Partes en virtud del artículo 7 de la Convención sobre Municiones"
            " en Racimo.",
            "{%p if report.kind == 'initial' %}",
            "Con arreglo al párrafo 1 del artículo 7, cada Estado Parte debe presentar un"
            " informe inicial tan pronto como sea posible, y en cualquier caso no más"
            " tarde de 180 días después de la entrada en vigor de la Convención para"
            " ese Estado Parte. A este respecto, {{ sender.short_name }} desea señalar a"
            " la atención [[of_addressee]] que el informe inicial de su Gobierno,"
            f" correspondiente al período comprendido entre el {PERIOD_START} y el"
            f" {PERIOD_END}, debía presentarse el"
            " {{ report.due_date|longdate }} y aún no se ha recibido.",
            "{%p else %}",
            "Con arreglo al párrafo 2 del artículo 7, los Estados Partes deben actualizar"
            " anualmente la información facilitada, abarcando el último año civil, e"
            " informar al respecto a más tardar el 30 de abril de cada año. A este"
            " respecto, {{ sender.short_name }} desea señalar a la atención"
            " [[of_addressee]] que el informe anual actualizado de su Gobierno"
            " correspondiente al año civil {{ report.year }}"
            f" (del {PERIOD_START} al {PERIOD_END}) debía presentarse el"
            " {{ report.due_date|longdate }} y aún no se ha recibido.",
            "{%p endif %}",
            "{%p if report.level == 'second' %}",
            "En relación con su nota verbal de fecha"
            " {{ report.previous_reminder_date|longdate }}, {{ sender.short_name }}"
            " observa con preocupación que el informe acumula ya un retraso de"
            " {{ report.days_overdue|number }} días y solicita encarecidamente que se"
            " presente sin más demora.",
            "{%p else %}",
            "En consecuencia, {{ sender.short_name }} agradecería [[to_addressee]] que"
            " tuviera a bien disponer lo necesario para que el informe se presente a la"
            " mayor brevedad.",
            "{%p endif %}",
            "Los informes pueden presentarse por vía electrónica a la dirección"
            " {{ sender.email }}, utilizando los formularios de presentación de informes"
            " aprobados por la Reunión de los Estados Partes. Si se requiriera asistencia"
            " para la preparación del informe, {{ sender.short_name }} queda a"
            " disposición [[of_addressee]].",
        ],
    },
)

ARTICLE3_PROGRESS_REQUEST = Kind(
    name="article3-progress-request",
    form="signed-letter",
    sender="coordination-committee",
    variables=["article3"],
    title={
        "en": "Request for information on progress in stockpile destruction (Article 3)",
        "fr": "Demande d'informations sur l'avancement de la destruction des stocks (article 3)",
        "es": "Solicitud de información sobre los avances en la destrucción de"
        " existencias (artículo 3)",
    },
    subject={
        "en": "Article 3 of the Convention on Cluster Munitions: progress in stockpile destruction",
        "fr": "Article 3 de la Convention sur les armes à sous-munitions : avancement de"
        " la destruction des stocks",
        "es": "Artículo 3 de la Convención sobre Municiones en Racimo: avances en la"
        " destrucción de existencias",
    },
    body={
        "en": "Please find attached a letter of {{ date|longdate }} (reference"
        " {{ reference }}) requesting information on the progress made in destroying"
        " stockpiled cluster munitions, which under Article 3 is to be completed by"
        " {{ article3.deadline|longdate }}. A reply by {{ article3.reply_by|longdate }}"
        " would be appreciated.",
        "fr": "Veuillez trouver ci-joint une lettre du {{ date|longdate }} (référence"
        " {{ reference }}) demandant des informations sur l'avancement de la"
        " destruction des stocks d'armes à sous-munitions, qui doit être achevée au"
        " plus tard le {{ article3.deadline|longdate }} aux termes de l'article 3. Une"
        " réponse d'ici au {{ article3.reply_by|longdate }} serait appréciée.",
        "es": "Adjunto se remite una carta de fecha {{ date|longdate }} (referencia"
        " {{ reference }}) en la que se solicita información sobre los avances en la"
        " destrucción de las existencias de municiones en racimo, que con arreglo al"
        " artículo 3 debe concluir a más tardar el {{ article3.deadline|longdate }}. Se"
        " agradecería recibir una respuesta a más tardar el"
        " {{ article3.reply_by|longdate }}.",
    },
    paragraphs={
        "en": [
            "I have the honour to refer to the obligation under Article 3 of the"
            " Convention on Cluster Munitions to destroy all stockpiled cluster munitions"
            " as soon as possible, but not later than eight years after the entry into"
            " force of the Convention for the State Party concerned.",
            "For your country, the Convention entered into force on"
            " {{ article3.entry_into_force|longdate }}; the deadline under Article 3(2)"
            " is therefore {{ article3.deadline|longdate }}."
            " {% if article3.last_update is none %}No update on the implementation of"
            " this obligation has been received to date.{% else %}The most recent update"
            " on the implementation of this obligation was received on"
            " {{ article3.last_update|longdate }}.{% endif %}",
            "In order to better support States Parties in fulfilling their obligations"
            " under Article 3, I would be grateful if you could provide information on"
            " the progress made by your Government in destroying its stockpiled cluster"
            " munitions, on the challenges faced and, where relevant, on any needs for"
            " cooperation and assistance.",
            "It would be appreciated if this information could be provided by"
            " {{ article3.reply_by|longdate }}, preferably by e-mail to"
            " {{ sender.email }}. I should also be grateful if you would bring this"
            " letter to the attention of the competent authorities[[in_capital]].",
        ],
        "fr": [
            "J'ai l'honneur de me référer à l'obligation, énoncée à l'article 3 de la"
            " Convention sur les armes à sous-munitions, de détruire toutes les armes à"
            " sous-munitions stockées dès que possible, et au plus tard huit ans après"
            " l'entrée en vigueur de la Convention pour l'État partie concerné.",
            "Pour votre pays, la Convention est entrée en vigueur le"
            " {{ article3.entry_into_force|longdate }} ; l'échéance fixée au paragraphe 2"
            " de l'article 3 est donc le {{ article3.deadline|longdate }}."
            " {% if article3.last_update is none %}Aucune information actualisée sur la"
            " mise en œuvre de cette obligation n'a été reçue à ce jour.{% else %}Les"
            " dernières informations actualisées sur la mise en œuvre de cette"
            " obligation ont été reçues le {{ article3.last_update|longdate }}."
            "{% endif %}",
            "Afin de mieux appuyer les États parties dans l'exécution de leurs"
            " obligations au titre de l'article 3, je vous prie de bien vouloir me"
            " communiquer des informations sur les progrès accomplis par votre"
            " Gouvernement dans la destruction de ses stocks d'armes à sous-munitions,"
            " sur les difficultés rencontrées et, le cas échéant, sur ses besoins en"
            " matière de coopération et d'assistance.",
            "Il serait souhaitable que ces informations me parviennent d'ici au"
            " {{ article3.reply_by|longdate }}, de préférence par courrier électronique à"
            " l'adresse {{ sender.email }}. Je vous saurais également gré de bien vouloir"
            " porter la présente lettre à l'attention des autorités compétentes"
            "[[in_capital]].",
        ],
        "es": [
            "Tengo el honor de dirigirme a Vuestra Excelencia en relación con la"
            " obligación, establecida en el artículo 3 de la Convención sobre Municiones"
            " en Racimo, de destruir todas las municiones en racimo almacenadas tan"
            " pronto como sea posible, y a más tardar ocho años después de la entrada en"
            " vigor de la Convención para el Estado Parte de que se trate.",
            "Para el país de Vuestra Excelencia, la Convención entró en vigor el"
            " {{ article3.entry_into_force|longdate }}, por lo que la fecha límite"
            " prevista en el párrafo 2 del artículo 3 es el"
            " {{ article3.deadline|longdate }}. {% if article3.last_update is none %}"
            "Hasta la fecha no se ha recibido información actualizada sobre el"
            " cumplimiento de esta obligación.{% else %}La información actualizada más"
            " reciente sobre el cumplimiento de esta obligación se recibió el"
            " {{ article3.last_update|longdate }}.{% endif %}",
            "Con el fin de apoyar mejor a los Estados Partes en el cumplimiento de sus"
            " obligaciones en virtud del artículo 3, agradecería a Vuestra Excelencia que"
            " tuviera a bien facilitarme información sobre los progresos realizados por"
            " su Gobierno en la destrucción de las existencias de municiones en racimo,"
            " sobre las dificultades encontradas y, en su caso, sobre las necesidades de"
            " cooperación y asistencia.",
            "Sería de agradecer que dicha información se remitiera a más tardar el"
            " {{ article3.reply_by|longdate }}, preferiblemente por correo electrónico a"
            " la dirección {{ sender.email }}. Asimismo, ruego a Vuestra Excelencia que"
            " tenga a bien señalar la presente carta a la atención de las autoridades"
            " competentes[[in_capital]].",
        ],
    },
)

IF_NO_COMPLETION = "{% if article3.completion_date is none %}"
COMPLETION_DATE = "{{ article3.completion_date|longdate }}"

ARTICLE3_GOOD_PRACTICES_REQUEST = Kind(
    name="article3-good-practices-request",
    form="signed-letter",
    sender="coordination-committee",
    variables=["article3"],
    title={
        "en": "Request for challenges and good practices after stockpile destruction (Article 3)",
        "fr": "Demande de partage des difficultés et bonnes pratiques après la"
        " destruction des stocks (article 3)",
        "es": "Solicitud de dificultades y buenas prácticas tras la destrucción de"
        " existencias (artículo 3)",
    },
    subject={
        "en": "Article 3 of the Convention on Cluster Munitions: challenges and good"
        " practices in stockpile destruction",
        "fr": "Article 3 de la Convention sur les armes à sous-munitions : difficultés et"
        " bonnes pratiques en matière de destruction des stocks",
        "es": "Artículo 3 de la Convención sobre Municiones en Racimo: dificultades y"
        " buenas prácticas en la destrucción de existencias",
    },
    body={
        "en": "Please find attached a letter of {{ date|longdate }} (reference"
        " {{ reference }}) inviting your Government to share the challenges met and the"
        " good practices developed in destroying its stockpiled cluster munitions. A"
        " reply by {{ article3.reply_by|longdate }} would be appreciated.",
        "fr": "Veuillez trouver ci-joint une lettre du {{ date|longdate }} (référence"
        " {{ reference }}) invitant votre Gouvernement à faire part des difficultés"
        " rencontrées et des bonnes pratiques mises au point lors de la destruction de"
        " ses stocks d'armes à sous-munitions. Une réponse d'ici au"
        " {{ article3.reply_by|longdate }} serait appréciée.",
        "es": "Adjunto se remite una carta de fecha {{ date|longdate }} (referencia"
        " {{ reference }}) en la que se invita a su Gobierno a dar a conocer las"
        " dificultades encontradas y las buenas prácticas desarrolladas en la"
        " destrucción de sus existencias de municiones en racimo. Se agradecería"
        " recibir una respuesta a más tardar el {{ article3.reply_by|longdate }}.",
    },
    paragraphs={
        "en": [
            "I have the honour to refer to Article 3 of the Convention on Cluster"
            " Munitions, under which each State Party undertakes to destroy all"
            " stockpiled cluster munitions under its jurisdiction and control.",
            "Allow me first to congratulate your Government on having completed the"
            " destruction of its stockpiled cluster munitions"
            + IF_NO_COMPLETION
            + "{% else %} on "
            + COMPLETION_DATE
            + "{% endif %},"
            " an important achievement in the implementation of the Convention.",
            "The experience of States Parties that have completed their stockpile"
            " destruction is of great value to those still carrying it out. I would"
            " therefore be grateful if you could share information on the challenges"
            " your Government met in the destruction process and on the good practices"
            " it developed, so that they may be shared with other States Parties.",
            "It would be appreciated if this information could be provided by"
            " {{ article3.reply_by|longdate }}, preferably by e-mail to"
            " {{ sender.email }}. I should also be grateful if you would bring this"
            " letter to the attention of the competent authorities[[in_capital]].",
        ],
        "fr": [
            "J'ai l'honneur de me référer à l'article 3 de la Convention sur les armes à"
            " sous-munitions, aux termes duquel chaque État partie s'engage à détruire"
            " toutes les armes à sous-munitions stockées relevant de sa juridiction et"
            " de son contrôle.",
            "Permettez-moi tout d'abord de féliciter votre Gouvernement d'avoir achevé"
            " la destruction de ses stocks d'armes à sous-munitions"
            + IF_NO_COMPLETION
            + "{% else %} le "
            + COMPLETION_DATE
            + "{% endif %},"
            " ce qui constitue une avancée importante dans la mise en œuvre de la"
            " Convention.",
            "L'expérience des États parties qui ont achevé la destruction de leurs"
            " stocks est précieuse pour ceux qui s'y emploient encore. Je vous prie donc"
            " de bien vouloir me faire part des difficultés que votre Gouvernement a"
            " rencontrées dans ce processus et des bonnes pratiques qu'il a mises au"
            " point, afin qu'elles puissent être partagées avec les autres États parties.",
            "Il serait souhaitable que ces informations me parviennent d'ici au"
            " {{ article3.reply_by|longdate }}, de préférence par courrier électronique à"
            " l'adresse {{ sender.email }}. Je vous saurais également gré de bien vouloir"
            " porter la présente lettre à l'attention des autorités compétentes"
            "[[in_capital]].",
        ],
        "es": [
            "Tengo el honor de dirigirme a Vuestra Excelencia en relación con el"
            " artículo 3 de la Convención sobre Municiones en Racimo, en virtud del cual"
            " cada Estado Parte se compromete a destruir todas las municiones en racimo"
            " almacenadas bajo su jurisdicción y control.",
            "Permítame ante todo felicitar al Gobierno de Vuestra Excelencia por haber"
            " concluido la destrucción de sus existencias de municiones en racimo"
            + IF_NO_COMPLETION
            + "{% else %} el "
            + COMPLETION_DATE
            + "{% endif %},"
            " lo que constituye un logro importante en la aplicación de la Convención.",
            "La experiencia de los Estados Partes que han concluido la destrucción de sus"
            " existencias resulta muy valiosa para quienes aún la están llevando a cabo."
            " Por ello, agradecería a Vuestra Excelencia que tuviera a bien darme a"
            " conocer las dificultades que su Gobierno encontró en ese proceso y las"
            " buenas prácticas que desarrolló, a fin de compartirlas con los demás"
            " Estados Partes.",
            "Sería de agradecer que dicha información se remitiera a más tardar el"
            " {{ article3.reply_by|longdate }}, preferiblemente por correo electrónico a"
            " la dirección {{ sender.email }}. Asimismo, ruego a Vuestra Excelencia que"
            " tenga a bien señalar la presente carta a la atención de las autoridades"
            " competentes[[in_capital]].",
        ],
    },
)

AMOUNT = "{{ contribution.amount|money(contribution.currency) }}"
RECEIVED_ON = "{{ contribution.received_on|longdate }}"

CONTRIBUTION_THANKS = Kind(
    name="contribution-thanks",
    form="signed-letter",
    sender="isu",
    variables=["contribution"],
    title={
        "en": "Thanks for a financial contribution",
        "fr": "Remerciements pour une contribution financière",
        "es": "Agradecimiento por una contribución financiera",
    },
    subject={
        "en": "Financial contribution for {{ contribution.year }} to the Implementation"
        " Support Unit of the Convention on Cluster Munitions",
        "fr": "Contribution financière pour l'année {{ contribution.year }} à l'Unité"
        " d'appui à l'application de la Convention sur les armes à sous-munitions",
        "es": "Contribución financiera correspondiente a {{ contribution.year }} a la"
        " Dependencia de Apoyo a la Aplicación de la Convención sobre Municiones en"
        " Racimo",
    },
    body={
        "en": f"Please find attached a letter of thanks for the financial contribution of"
        f" {AMOUNT} received on {RECEIVED_ON}. We are most grateful for your"
        " Government's continued support to the Convention.",
        "fr": f"Veuillez trouver ci-joint une lettre de remerciements pour la"
        f" contribution financière de {AMOUNT} reçue le {RECEIVED_ON}. Nous sommes très"
        " reconnaissants à votre Gouvernement de son soutien constant à la Convention.",
        "es": f"Adjunto se remite una carta de agradecimiento por la contribución"
        f" financiera de {AMOUNT}, recibida el {RECEIVED_ON}. Agradecemos sinceramente"
        " el apoyo constante de su Gobierno a la Convención.",
    },
    paragraphs={
        "en": [
            "I have the honour to acknowledge, with sincere gratitude, the financial"
            f" contribution of {AMOUNT} made by your Government to the Implementation"
            " Support Unit of the Convention on Cluster Munitions for"
            " {{ contribution.year }}, which was received on " + RECEIVED_ON + ". The"
            " contribution has been recorded for the following purpose:"
            " {{ contribution.purpose }}.",
            "Contributions from States Parties are essential to enable the Unit to"
            " support them in implementing the Convention and to carry out the tasks"
            " entrusted to it by the Meeting of States Parties. Your Government's"
            " support and its continued commitment to the Convention are greatly"
            " appreciated.",
            "I should be grateful if you would convey my gratitude to the competent"
            " authorities[[in_capital]].",
        ],
        "fr": [
            "J'ai l'honneur d'accuser réception, avec ma sincère gratitude, de la"
            f" contribution financière de {AMOUNT} versée par votre Gouvernement à"
            " l'Unité d'appui à l'application de la Convention sur les armes à"
            " sous-munitions au titre de l'année {{ contribution.year }}, reçue le"
            f" {RECEIVED_ON}. Cette contribution a été enregistrée avec l'affectation"
            " suivante : {{ contribution.purpose }}.",
            "Les contributions des États parties sont indispensables pour permettre à"
            " l'Unité de les appuyer dans la mise en œuvre de la Convention et de"
            " s'acquitter des tâches que lui a confiées l'Assemblée des États parties. Le"
            " soutien de votre Gouvernement et son engagement constant en faveur de la"
            " Convention sont très appréciés.",
            "Je vous saurais gré de bien vouloir transmettre mes remerciements aux"
            " autorités compétentes[[in_capital]].",
        ],
        "es": [
            "Tengo el honor de dirigirme a Vuestra Excelencia para acusar recibo, con mi"
            f" más sincero agradecimiento, de la contribución financiera de {AMOUNT}"
            " correspondiente al año {{ contribution.year }} que su Gobierno ha aportado"
            " a la Dependencia de Apoyo a la Aplicación de la Convención sobre Municiones"
            " en Racimo y que se recibió el " + RECEIVED_ON + ". La"
            " contribución ha quedado registrada con el siguiente destino:"
            " {{ contribution.purpose }}.",
            "Las contribuciones de los Estados Partes son esenciales para que la"
            " Dependencia pueda prestarles apoyo en la aplicación de la Convención y"
            " desempeñar las tareas que le ha encomendado la Reunión de los Estados"
            " Partes. El apoyo de su Gobierno y su compromiso constante con la"
            " Convención son muy apreciados.",
            "Ruego a Vuestra Excelencia que tenga a bien hacer llegar mi reconocimiento"
            " a las autoridades competentes[[in_capital]].",
        ],
    },
)

KINDS = (
    CONDEMNATION_STATEMENT,
    STATEMENT_TRANSMITTAL,
    REPORTING_REMINDER,
    ARTICLE3_PROGRESS_REQUEST,
    ARTICLE3_GOOD_PRACTICES_REQUEST,
    CONTRIBUTION_THANKS,
)


# --- Layout of each form -------------------------------------------------------------

ADDRESS_LINES: list[Para] = [
    "{%p for line in recipient.address_lines %}",
    ("line", "{{ line }}"),
    "{%p endfor %}",
]


def note_verbale(kind: Kind, lang: str) -> list[Para]:
    """Reference, the kind's text, closing formula, place and date, seal, addressee."""
    foot: list[Para] = [("foot", "{{ recipient.organisation }}"), *ADDRESS_LINES]
    if kind.enclosure:
        foot.append(("enclosure", ENCLOSURE[lang]))
    return [
        ("reference", "{{ reference }}"),
        *kind.paragraphs[lang],
        NOTE_CLOSING[lang],
        ("dateline", "[[dateline]]"),
        ("seal", ""),
        *foot,
    ]


def signed_letter(kind: Kind, lang: str) -> list[Para]:
    """Reference, place and date, addressee, salutation, text, closing, signature."""
    return [
        ("line", "{{ reference }}"),
        ("dateline", "[[dateline]]"),
        "{%p if recipient.addressee_name %}",
        ("line", "[[honorific]]{{ recipient.addressee_name }}"),
        "{%p endif %}",
        "{%p if recipient.addressee_title %}",
        ("line", "{{ recipient.addressee_title }}"),
        "{%p endif %}",
        ("line", "{{ recipient.organisation }}"),
        *ADDRESS_LINES,
        ("salutation", "[[salutation]]"),
        *kind.paragraphs[lang],
        LETTER_CLOSING[lang],
        ("signature", "{{ sender.signatory }}"),
        ("line", "{{ sender.signatory_title }}"),
    ]


def statement(kind: Kind, lang: str) -> list[Para]:
    """A statement is its title, dateline and text, all in the kind's paragraphs."""
    return list(kind.paragraphs[lang])


FORMS = {"note-verbale": note_verbale, "signed-letter": signed_letter, "statement": statement}


# --- Text expansion ------------------------------------------------------------------

PHRASE_MARK = re.compile(r"\[\[(\w+)\]\]")
FRENCH_SPACES = (
    (" :", "\u00a0:"),
    (" ;", "\u202f;"),
    (" ?", "\u202f?"),
    (" !", "\u202f!"),
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
)


def french_spacing(text: str) -> str:
    """Put the no-break spaces French typography wants before : ; ? ! and in « »."""
    for plain, spaced in FRENCH_SPACES:
        text = text.replace(plain, spaced)
    return text


def expand(text: str, lang: str) -> str:
    """Replace each [[phrase]] by its text in `lang` (phrases may contain phrases)."""
    while PHRASE_MARK.search(text):
        text = PHRASE_MARK.sub(lambda m: PHRASES[lang][m.group(1)], text)
    return french_spacing(text) if lang == "fr" else text


# --- Word formatting -----------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """Direct paragraph formatting of one kind of paragraph (sizes in points)."""

    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    before: float = 0
    after: float = 10
    bold: bool = False
    italic: bool = False
    size: float | None = None
    word_style: str | None = None


LEFT, RIGHT, CENTRE = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER)
STYLES: dict[str, Style] = {
    "body": Style(),
    "control": Style(align=LEFT, after=0),
    "line": Style(align=LEFT, after=0),
    "reference": Style(align=LEFT, after=18),
    "dateline": Style(align=RIGHT, before=6, after=18),
    "salutation": Style(align=LEFT, before=18, after=10),
    "signature": Style(align=LEFT, before=48, after=0),
    "seal": Style(align=LEFT, before=30, after=0),
    "foot": Style(align=LEFT, before=18, after=0),
    "enclosure": Style(align=LEFT, before=18, after=0, italic=True),
    "title": Style(align=CENTRE, after=6, bold=True, size=13),
    "centre": Style(align=CENTRE, after=18),
    "heading": Style(align=LEFT, before=8, after=4, bold=True),
    "bullet": Style(align=LEFT, after=2, size=10, word_style="List Bullet"),
}


def style_of(para: Para) -> tuple[str, str]:
    """Split a paragraph into (style name, text)."""
    if isinstance(para, tuple):
        return para
    return ("control" if para.startswith("{%p ") else "body"), para


def add_paragraph(doc: DocumentObject, style_name: str, text: str) -> Paragraph:
    """Append one paragraph holding its whole text in a single run."""
    style = STYLES[style_name]
    paragraph = doc.add_paragraph(style=style.word_style)
    fmt = paragraph.paragraph_format
    fmt.alignment = style.align
    fmt.space_before, fmt.space_after = Pt(style.before), Pt(style.after)
    run = paragraph.add_run(text)
    run.bold, run.italic = style.bold or None, style.italic or None
    if style.size is not None:
        run.font.size = Pt(style.size)
    return paragraph


def set_defaults(doc: DocumentObject, lang: str) -> None:
    """Font, size and proofing language for the whole document (docDefaults)."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))[0]
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), "24")
    rpr.find(qn("w:lang")).set(qn("w:val"), WORD_LANG[lang])
    ppr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))[0]
    ppr.find(qn("w:spacing")).set(qn("w:line"), "240")


def set_page(doc: DocumentObject) -> None:
    """A4 with 2.5 cm side margins; the first page has its own header (letterhead)."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = Cm(1.0)
    section.different_first_page_header_footer = True


def add_letterhead(doc: DocumentObject, lang: str) -> None:
    """Convention name and sending body, ruled off, in the first-page header."""
    header = doc.sections[0].first_page_header
    top = header.paragraphs[0]
    top.alignment = CENTRE
    name = top.add_run(LETTERHEAD[lang].upper())
    name.bold, name.font.size = True, Pt(13)
    sender = header.add_paragraph()
    rule_below(sender)  # first: python-docx then puts spacing and jc after pBdr, as OOXML wants
    sender.alignment = CENTRE
    sender.paragraph_format.space_after = Pt(12)
    sender.add_run("{{ sender.name }}").italic = True


def rule_below(paragraph: Paragraph) -> None:
    """Draw a thin line under a paragraph (a bottom border)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "4"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def set_properties(doc: DocumentObject, kind: Kind, lang: str) -> None:
    """Fixed document properties, so that a rebuild gives the same file."""
    props = doc.core_properties
    props.title = kind.title[lang]
    props.author = props.last_modified_by = "verbale"
    props.comments = "Generated by templates/build.py"
    props.language = WORD_LANG[lang]
    props.revision = 1
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)


def build_docx(kind: Kind, lang: str) -> bytes:
    """Build one template and return its bytes."""
    doc = Document()
    set_defaults(doc, lang)
    set_page(doc)
    add_letterhead(doc, lang)
    set_properties(doc, kind, lang)
    for para in FORMS[kind.form](kind, lang):
        style_name, text = style_of(para)
        add_paragraph(doc, style_name, expand(text, lang))
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps (zip entries carry the save time)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


# --- kind.yaml -----------------------------------------------------------------------


def kind_yaml(kind: Kind) -> str:
    """The metadata file of a kind, Jinja strings expanded like the documents."""
    data = {
        "form": kind.form,
        "sender": kind.sender,
        "variables": kind.variables,
        "title": {lang: expand(kind.title[lang], lang) for lang in LANGS},
        "subject": {lang: expand(kind.subject[lang], lang) for lang in LANGS},
        "body": {lang: expand(kind.body[lang], lang) for lang in LANGS},
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    return "# Generated by templates/build.py: edit the script, not this file.\n" + text


def build_kind(kind: Kind, root: Path) -> None:
    """Write kind.yaml and the three templates of one kind."""
    folder = root / kind.name
    folder.mkdir(exist_ok=True)
    (folder / "kind.yaml").write_text(kind_yaml(kind), encoding="utf-8")
    for lang in LANGS:
        (folder / f"{lang}.docx").write_bytes(build_docx(kind, lang))


def main() -> None:
    """Regenerate every kind under templates/."""
    for kind in KINDS:
        build_kind(kind, HERE)
        print(f"built {kind.name}")


if __name__ == "__main__":
    main()
