"""Generate the DOCX templates and the kind.yaml of every document kind.

Run `python templates/build.py`: it rewrites templates/<kind>/kind.yaml and one
<lang>.docx per language (en, fr, es, ar, zh, ru), byte for byte the same on every run. Edit
the wording here, never in the generated files.

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
- Arabic texts are written without `|ltr`: `keep_left_to_right` adds it to the Latin values
  listed in LTR_VALUES (reference, e-mail, address lines, numbers...), so that they keep
  their order inside right-to-left text.
- Arabic, Chinese and Russian have their own section, after the other kinds' texts.
- Each Jinja tag stays inside one run of one paragraph (one run per paragraph here).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
LANGS = ("en", "fr", "es", "ar", "zh", "ru")
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
FONT = "Times New Roman"
WORD_LANG = {
    "en": "en-GB",
    "fr": "fr-FR",
    "es": "es-ES",
    "ar": "ar-SA",
    "zh": "zh-CN",
    "ru": "ru-RU",
}
# Scripts Times New Roman does not cover: Debian fonts-noto-core and fonts-noto-cjk.
ARABIC_FONT = "Noto Naskh Arabic"
CHINESE_FONT = "Noto Serif CJK SC"

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
        "where": "{{ incident.place }}, {{ incident.state_name }}",
        "when": by_incident_days(f"on {START}", f"between {START} and {END}"),
        "dateline": "{{ sender.place }}, {{ date|longdate }}",
        "honorific": by_gender("H.E. Ms. ", "H.E. Mr. ", "H.E. "),
        "addressee": "[[honorific]]{{ recipient.addressee_name }}",
        "salutation": "Excellency,",
        "in_capital": IF_MISSION + " in your capital{% endif %}",
    },
    "fr": {
        "to_organisation": by_channel("au ", "à la ") + "{{ recipient.organisation }}",
        "the_addressee": by_channel("le Ministère", "la Mission"),
        "to_addressee": by_channel("au Ministère", "à la Mission"),
        "of_addressee": by_channel("du Ministère", "de la Mission"),
        # The place comes with its preposition, the State with its own ("en République
        # arabe syrienne", names.csv).
        "where": "{{ incident.place }}, {{ incident.state_in }}",
        "when": by_incident_days(f"le {START}", f"entre le {START} et le {END}"),
        "dateline": "{{ sender.place }}, le {{ date|longdate }}",
        "honorific": by_gender(
            "Son Excellence Madame ", "Son Excellence Monsieur ", "Son Excellence "
        ),
        "addressee": "[[honorific]]{{ recipient.addressee_name }}",
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
        "where": "{{ incident.place }} ({{ incident.state_name }})",
        "when": by_incident_days(f"el {START}", f"entre el {START} y el {END}"),
        "dateline": "{{ sender.place }}, {{ date|longdate }}",
        # "S. E." (Su Excelencia) is the neutral form when the gender is unknown.
        "honorific": by_gender("Excma. Sra. ", "Excmo. Sr. ", "S. E. "),
        "addressee": "[[honorific]]{{ recipient.addressee_name }}",
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
    "en": "{{ sender.name|capfirst }} avails itself of this opportunity to renew"
    " [[to_organisation]] the assurances of its highest consideration.",
    "fr": "{{ sender.name|capfirst }} saisit cette occasion pour renouveler [[to_organisation]]"
    " les assurances de sa très haute considération.",
    "es": "{{ sender.name|capfirst }} aprovecha la oportunidad para reiterar [[to_organisation]]"
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
    # The title heads the statement and is what a transmittal cites it by.
    title={
        "en": "Statement on the reported use of cluster munitions [[where]]",
        "fr": "Déclaration sur l'emploi signalé d'armes à sous-munitions [[where]]",
        "es": "Declaración sobre las denuncias de empleo de municiones en racimo [[where]]",
    },
    subject={
        "en": "Statement on the reported use of cluster munitions [[where]]",
        "fr": "Déclaration sur l'emploi signalé d'armes à sous-munitions [[where]]",
        "es": "Declaración sobre las denuncias de empleo de municiones en racimo [[where]]",
    },
    body={
        "en": "Please find attached a statement, dated {{ date|longdate }}, on the reported"
        " use of cluster munitions [[where]]. {{ sender.name|capfirst }} would be grateful if it"
        " could be brought to the attention of the competent authorities.",
        "fr": "Veuillez trouver ci-joint une déclaration, datée du {{ date|longdate }},"
        " sur l'emploi signalé d'armes à sous-munitions [[where]]. {{ sender.name|capfirst }}"
        " vous saurait gré de bien vouloir la porter à l'attention des autorités"
        " compétentes.",
        "es": "Adjunto se remite una declaración, de fecha {{ date|longdate }}, sobre las"
        " denuncias de empleo de municiones en racimo [[where]]. {{ sender.name|capfirst }}"
        " agradecería que se señalara a la atención de las autoridades competentes.",
    },
    paragraphs={
        "en": [
            ("centre", "[[dateline]]"),
            "{{ sender.name|capfirst }} expresses its deep concern at reports of the use of"
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
            ("centre", "[[dateline]]"),
            "{{ sender.name|capfirst }} exprime sa profonde préoccupation face aux informations"
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
            ("centre", "[[dateline]]"),
            "{{ sender.name|capfirst }} expresa su profunda preocupación por las denuncias de"
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
            "{{ sender.name|capfirst }} presents its compliments [[to_organisation]] and has the"
            " honour to transmit herewith the statement entitled “{{ statement.title }}”,"
            " concerning reports of the use of cluster munitions [[where]], [[when]].",
            "In this regard, {{ sender.short_name }} would be grateful if [[the_addressee]]"
            " could bring the statement to the attention of the competent national"
            " authorities. The statement will also be published on the website of the"
            " Convention.",
        ],
        "fr": [
            "{{ sender.name|capfirst }} présente ses compliments [[to_organisation]] et a"
            " l'honneur de lui transmettre ci-joint la déclaration intitulée"
            " « {{ statement.title }} », relative à l'emploi signalé d'armes à"
            " sous-munitions [[where]] [[when]].",
            "À cet égard, {{ sender.short_name }} saurait gré [[to_addressee]] de bien"
            " vouloir porter cette déclaration à l'attention des autorités nationales"
            " compétentes. La déclaration sera également publiée sur le site Web de la"
            " Convention.",
        ],
        "es": [
            "{{ sender.name|capfirst }} saluda atentamente [[to_organisation]] y tiene el honor"
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

# One note per State and channel lists every overdue report (`reminder.reports`); the
# note's level is the highest of its reports'. Art. 7(1) and 7(2): reports go to the
# Secretary-General of the United Nations; the initial report covers no fixed period.
IF_ONE = "{% if reminder.reports|length == 1 %}"
IF_SECOND = "{% if reminder.level == 'second' %}"
IF_INITIAL = "{% if r.kind == 'initial' %}"
DUE = "{{ r.due_date|longdate }}"
PERIOD_START = "{{ r.period_start|longdate }}"
PERIOD_END = "{{ r.period_end|longdate }}"
PREVIOUS = "{{ reminder.previous_reminder_date|longdate }}"
DAYS = "{{ r.days_overdue|number }}"
END_ITEM = "{% if loop.last %}.{% else %};{% endif %}"
FOR_REPORTS = "{%p for r in reminder.reports %}"
END_FOR = "{%p endfor %}"


def each_report(joiner_and: str, item: str, joiner: str = ", ") -> str:
    """A Jinja loop naming every report of the note: 'A, B and C'."""
    return (
        "{% for r in reminder.reports %}{% if not loop.first %}{% if loop.last %}"
        + joiner_and
        + "{% else %}"
        + joiner
        + "{% endif %}{% endif %}"
        + item
        + "{% endfor %}"
    )


REPORTING_REMINDER = Kind(
    name="reporting-reminder",
    form="note-verbale",
    sender="isu",
    variables=["reminder"],
    title={
        "en": "Reminder of overdue transparency reports (Article 7)",
        "fr": "Rappel concernant des rapports de transparence en retard (article 7)",
        "es": "Recordatorio de informes de transparencia pendientes (artículo 7)",
        "ar": "تذكير بتقارير شفافية متأخرة (المادة 7)",
        "zh": "关于逾期未交透明度报告的提醒（第七条）",
        "ru": "Напоминание о непредставленных докладах в порядке обеспечения транспарентности"
        " (статья 7)",
    },
    subject={
        "en": IF_SECOND
        + "Second reminder{% else %}Reminder{% endif %}: "
        + each_report(
            " and ",
            IF_INITIAL + "initial report{% else %}annual report for {{ r.year }}{% endif %}",
        )
        + " under Article 7 of the Convention on Cluster Munitions",
        "fr": IF_SECOND
        + "Deuxième rappel{% else %}Rappel{% endif %} : "
        + each_report(
            " et ",
            IF_INITIAL + "rapport initial{% else %}rapport annuel portant sur l'année"
            " {{ r.year }}{% endif %}",
        )
        + " au titre de l'article 7 de la Convention sur les armes à sous-munitions",
        "es": IF_SECOND
        + "Segundo recordatorio{% else %}Recordatorio{% endif %}: "
        + each_report(
            " y ",
            IF_INITIAL + "informe inicial{% else %}informe anual correspondiente a"
            " {{ r.year }}{% endif %}",
        )
        + " en virtud del artículo 7 de la Convención sobre Municiones en Racimo",
        "ar": IF_SECOND
        + "تذكير ثان{% else %}تذكير{% endif %}: "
        + each_report(
            " و",
            IF_INITIAL + "التقرير الأولي{% else %}التقرير السنوي عن عام {{ r.year }}{% endif %}",
        )
        + " بموجب المادة 7 من اتفاقية الذخائر العنقودية",
        "zh": IF_SECOND
        + "第二次提醒{% else %}提醒{% endif %}：《集束弹药公约》第七条规定的"
        + each_report(
            "和", IF_INITIAL + "初次报告{% else %}{{ r.year }}年年度报告{% endif %}", "、"
        ),
        "ru": IF_SECOND
        + "Повторное напоминание{% else %}Напоминание{% endif %}: "
        + each_report(
            " и ",
            IF_INITIAL + "первоначальный доклад{% else %}ежегодный доклад за {{ r.year }}"
            " год{% endif %}",
        )
        + " в соответствии со статьей 7 Конвенции по кассетным боеприпасам",
    },
    body={
        "en": "Please find attached note verbale {{ reference }} of {{ date|longdate }}"
        " concerning transparency reports under Article 7 of the Convention that have not"
        " yet been received. Reports are submitted to the Secretary-General of the United"
        " Nations through the Office for Disarmament Affairs, with a copy to"
        " {{ sender.email }}.",
        "fr": "Veuillez trouver ci-joint la note verbale {{ reference }} du"
        " {{ date|longdate }} concernant des rapports de transparence au titre de"
        " l'article 7 de la Convention qui n'ont pas encore été reçus. Les rapports sont"
        " présentés au Secrétaire général de l'Organisation des Nations Unies par"
        " l'intermédiaire du Bureau des affaires de désarmement, avec copie à l'adresse"
        " {{ sender.email }}.",
        "es": "Adjunto se remite la nota verbal {{ reference }}, de fecha"
        " {{ date|longdate }}, relativa a informes de transparencia en virtud del"
        " artículo 7 de la Convención que aún no se han recibido. Los informes se"
        " presentan al Secretario General de las Naciones Unidas por conducto de la"
        " Oficina de Asuntos de Desarme, con copia a la dirección {{ sender.email }}.",
        "ar": "يُرجى الاطلاع على المذكرة الشفوية المرفقة {{ reference }} المؤرخة"
        " {{ date|longdate }} بشأن تقارير شفافية بموجب المادة 7 من الاتفاقية لم ترد بعد."
        " وتُقدَّم التقارير إلى الأمين العام للأمم المتحدة عن طريق مكتب شؤون نزع السلاح،"
        " مع إرسال نسخة منها إلى العنوان {{ sender.email }}.",
        "zh": "随函附上{{ date|longdate }}第{{ reference }}号照会，内容涉及尚未收到的"
        "《公约》第七条规定的透明度报告。报告应通过裁军事务厅提交联合国秘书长，"
        "并抄送{{ sender.email }}。",
        "ru": "Направляем в приложении вербальную ноту {{ reference }} от"
        " {{ date|longdate }}, касающуюся еще не полученных докладов в порядке обеспечения"
        " транспарентности в соответствии со статьей 7 Конвенции. Доклады представляются"
        " Генеральному секретарю Организации Объединенных Наций через Управление по"
        " вопросам разоружения, а копия направляется по адресу {{ sender.email }}.",
    },
    paragraphs={
        "en": [
            "{{ sender.name|capfirst }} presents its compliments [[to_organisation]] and has"
            " the honour to refer to Article 7 of the Convention on Cluster Munitions, under"
            " which each State Party shall report to the Secretary-General of the United"
            " Nations as soon as practicable, and in any event not later than 180 days after"
            " the entry into force of the Convention for that State Party (initial report),"
            " and shall update the information annually, covering the last calendar year,"
            " and report it to the Secretary-General not later than 30 April of each year"
            " (annual report).",
            "In this regard, {{ sender.short_name }} wishes to draw the attention"
            " [[of_addressee]] to the fact that the following "
            + IF_ONE
            + "report has{% else %}reports have{% endif %} not yet been received:",
            FOR_REPORTS,
            (
                "item",
                IF_INITIAL + f"the initial report under Article 7(1), due on {DUE}"
                "{% else %}the annual report under Article 7(2) covering the calendar year"
                f" {{{{ r.year }}}} ({PERIOD_START} to {PERIOD_END}), due on {DUE}"
                "{% endif %}"
                + IF_SECOND
                + f", now {DAYS} {{{{ r.days_overdue|plural(one='day', other='days') }}}}"
                " overdue{% endif %}" + END_ITEM,
            ),
            END_FOR,
            "{%p if reminder.level == 'second' %}",
            f"Further to its note verbale of {PREVIOUS}, {{{{ sender.short_name }}}} notes"
            " with concern that "
            + IF_ONE
            + "this report remains{% else %}these reports remain{% endif %} outstanding,"
            " and urges that "
            + IF_ONE
            + "it{% else %}they{% endif %} be submitted without further delay.",
            "{%p else %}",
            "Accordingly, {{ sender.short_name }} would be grateful if [[the_addressee]]"
            " could arrange for "
            + IF_ONE
            + "the report{% else %}the reports{% endif %} to be submitted at the earliest"
            " opportunity.",
            "{%p endif %}",
            "Reports are submitted to the Secretary-General of the United Nations through"
            " the Office for Disarmament Affairs, using the reporting forms adopted by the"
            " Meeting of States Parties, with a copy to {{ sender.short_name }}"
            " ({{ sender.email }}). Should any assistance be required in preparing "
            + IF_ONE
            + "the report{% else %}the reports{% endif %}, {{ sender.short_name }} remains"
            " at the disposal [[of_addressee]].",
        ],
        "fr": [
            "{{ sender.name|capfirst }} présente ses compliments [[to_organisation]] et a"
            " l'honneur de se référer à l'article 7 de la Convention sur les armes à"
            " sous-munitions, aux termes duquel chaque État partie présente un rapport au"
            " Secrétaire général de l'Organisation des Nations Unies dans les meilleurs"
            " délais, et au plus tard 180 jours après l'entrée en vigueur de la Convention"
            " pour cet État partie (rapport initial), puis met à jour annuellement les"
            " informations fournies, pour l'année civile écoulée, et les communique au"
            " Secrétaire général au plus tard le 30 avril de chaque année (rapport annuel).",
            "À cet égard, {{ sender.short_name }} souhaite appeler l'attention"
            " [[of_addressee]] sur le fait que "
            + IF_ONE
            + "le rapport suivant n'a pas encore été reçu{% else %}les rapports suivants"
            " n'ont pas encore été reçus{% endif %} :",
            FOR_REPORTS,
            (
                "item",
                IF_INITIAL + "le rapport initial prévu au paragraphe 1 de l'article 7,"
                f" attendu le {DUE}{{% else %}}le rapport annuel prévu au paragraphe 2 de"
                " l'article 7 portant sur l'année civile {{ r.year }}"
                f" (du {PERIOD_START} au {PERIOD_END}), attendu le {DUE}{{% endif %}}"
                + IF_SECOND
                + f", qui accuse désormais un retard de {DAYS}"
                " {{ r.days_overdue|plural(one='jour', other='jours') }}{% endif %}"
                "{% if loop.last %}.{% else %} ;{% endif %}",
            ),
            END_FOR,
            "{%p if reminder.level == 'second' %}",
            f"Faisant suite à sa note verbale du {PREVIOUS}, {{{{ sender.short_name }}}}"
            " constate avec préoccupation que "
            + IF_ONE
            + "ce rapport n'a toujours pas été soumis et demande instamment qu'il le"
            " soit{% else %}ces rapports n'ont toujours pas été soumis et demande"
            " instamment qu'ils le soient{% endif %} sans plus tarder.",
            "{%p else %}",
            "En conséquence, {{ sender.short_name }} saurait gré [[to_addressee]] de bien"
            " vouloir faire le nécessaire pour que "
            + IF_ONE
            + "ce rapport soit soumis{% else %}ces rapports soient soumis{% endif %} dans"
            " les meilleurs délais.",
            "{%p endif %}",
            "Les rapports sont présentés au Secrétaire général de l'Organisation des"
            " Nations Unies par l'intermédiaire du Bureau des affaires de désarmement, au"
            " moyen des formulaires de rapport adoptés par l'Assemblée des États parties,"
            " avec copie à {{ sender.short_name }} ({{ sender.email }}). Pour toute"
            " assistance dans l'établissement "
            + IF_ONE
            + "du rapport{% else %}des rapports{% endif %}, {{ sender.short_name }} reste à"
            " la disposition [[of_addressee]].",
        ],
        "es": [
            "{{ sender.name|capfirst }} saluda atentamente [[to_organisation]] y tiene el"
            " honor de referirse al artículo 7 de la Convención sobre Municiones en Racimo,"
            " en virtud del cual cada Estado Parte debe informar al Secretario General de"
            " las Naciones Unidas tan pronto como sea posible, y en cualquier caso no más"
            " tarde de 180 días después de la entrada en vigor de la Convención para ese"
            " Estado Parte (informe inicial), y actualizar anualmente la información"
            " facilitada, abarcando el último año civil, e informar al respecto al"
            " Secretario General a más tardar el 30 de abril de cada año (informe anual).",
            "A este respecto, {{ sender.short_name }} desea señalar a la atención"
            " [[of_addressee]] que aún no se "
            + IF_ONE
            + "ha recibido el siguiente informe{% else %}han recibido los siguientes"
            " informes{% endif %}:",
            FOR_REPORTS,
            (
                "item",
                IF_INITIAL + "el informe inicial previsto en el párrafo 1 del artículo 7,"
                f" que debía presentarse el {DUE}{{% else %}}el informe anual previsto en el"
                " párrafo 2 del artículo 7 correspondiente al año civil {{ r.year }}"
                f" (del {PERIOD_START} al {PERIOD_END}), que debía presentarse el {DUE}"
                "{% endif %}" + IF_SECOND + f" y acumula ya un retraso de {DAYS}"
                " {{ r.days_overdue|plural(one='día', other='días') }}{% endif %}" + END_ITEM,
            ),
            END_FOR,
            "{%p if reminder.level == 'second' %}",
            "En relación con la nota verbal de {{ sender.short_name }} de fecha"
            f" {PREVIOUS}, {{{{ sender.short_name }}}} observa con preocupación que "
            + IF_ONE
            + "dicho informe sigue pendiente y solicita encarecidamente que se"
            " presente{% else %}dichos informes siguen pendientes y solicita"
            " encarecidamente que se presenten{% endif %} sin más demora.",
            "{%p else %}",
            "En consecuencia, {{ sender.short_name }} agradecería [[to_addressee]] que"
            " tuviera a bien disponer lo necesario para que "
            + IF_ONE
            + "el informe se presente{% else %}los informes se presenten{% endif %} a la"
            " mayor brevedad.",
            "{%p endif %}",
            "Los informes se presentan al Secretario General de las Naciones Unidas por"
            " conducto de la Oficina de Asuntos de Desarme, utilizando los formularios de"
            " presentación de informes aprobados por la Reunión de los Estados Partes, con"
            " copia a {{ sender.short_name }} ({{ sender.email }}). Si se requiriera"
            " asistencia para la preparación "
            + IF_ONE
            + "del informe{% else %}de los informes{% endif %}, {{ sender.short_name }}"
            " queda a disposición [[of_addressee]].",
        ],
        "ar": [
            "تهدي {{ sender.name }} أطيب تحياتها [[to_organisation]] وتتشرف بأن تشير إلى"
            " المادة 7 من اتفاقية الذخائر العنقودية، التي تقدم بموجبها كل دولة طرف تقريرا"
            " إلى الأمين العام للأمم المتحدة في أقرب وقت ممكن، وفي موعد لا يتجاوز على أي حال"
            " 180 يوما من بدء نفاذ الاتفاقية بالنسبة لتلك الدولة الطرف (التقرير الأولي)، ثم"
            " تستكمل سنويا المعلومات المقدمة، بحيث تغطي السنة التقويمية الأخيرة، وتبلغ عنها"
            " الأمين العام في موعد لا يتجاوز 30 نيسان/أبريل من كل عام (التقرير السنوي).",
            "وفي هذا الصدد، تود {{ sender.short_name }} أن توجه انتباه [[the_addressee]]"
            " إلى أن "
            + IF_ONE
            + "التقرير التالي لم يرد{% else %}التقارير التالية لم ترد{% endif %} بعد:",
            FOR_REPORTS,
            (
                "item",
                IF_INITIAL + "التقرير الأولي بموجب الفقرة 1 من المادة 7، الذي كان موعد"
                f" تقديمه {DUE}{{% else %}}التقرير السنوي بموجب الفقرة 2 من المادة 7 عن"
                " السنة التقويمية {{ r.year }}"
                f" (من {PERIOD_START} إلى {PERIOD_END})، الذي كان موعد تقديمه {DUE}"
                "{% endif %}" + IF_SECOND + f"، علما أن التقرير قد تأخر الآن {DAYS}"
                " {{ r.days_overdue|plural(zero='يوم', one='يوم', two='يومين',"
                " few='أيام', many='يوما', other='يوم') }}{% endif %}"
                "{% if loop.last %}.{% else %}؛{% endif %}",
            ),
            END_FOR,
            "{%p if reminder.level == 'second' %}",
            f"وإلحاقا بمذكرتها الشفوية المؤرخة {PREVIOUS}، تلاحظ {{{{ sender.short_name }}}}"
            " مع القلق أن "
            + IF_ONE
            + "هذا التقرير لم يقدم بعد، وتحث على تقديمه{% else %}هذه التقارير لم تقدم بعد،"
            " وتحث على تقديمها{% endif %} دون مزيد من التأخير.",
            "{%p else %}",
            "وعليه، ستكون {{ sender.short_name }} ممتنة لو تفضلت [[the_addressee]]"
            " باتخاذ الترتيبات اللازمة لتقديم "
            + IF_ONE
            + "التقرير{% else %}التقارير{% endif %} في أقرب فرصة ممكنة.",
            "{%p endif %}",
            "وتُقدَّم التقارير إلى الأمين العام للأمم المتحدة عن طريق مكتب شؤون نزع السلاح،"
            " باستخدام نماذج الإبلاغ التي اعتمدها اجتماع الدول الأطراف، مع إرسال نسخة منها"
            " إلى العنوان {{ sender.email }}. وإذا احتيج إلى أي مساعدة في إعداد "
            + IF_ONE
            + "التقرير{% else %}التقارير{% endif %}، فإن {{ sender.short_name }} تظل رهن"
            " إشارة [[the_addressee]].",
        ],
        "zh": [
            "{{ sender.name }}[[to_organisation]]致意，并谨提及《集束弹药公约》第七条。"
            "根据该条，每一缔约国应尽快、但至迟于本公约对该缔约国生效后180天内向联合国"
            "秘书长提交报告（初次报告），此后每年更新所提供的信息，涵盖上一个日历年，并"
            "至迟于每年4月30日向秘书长提交报告（年度报告）。",
            "在这方面，{{ sender.short_name }}谨提请[[the_addressee]]注意，迄今尚未收到"
            "贵国政府的下列报告：",
            FOR_REPORTS,
            (
                "item",
                IF_INITIAL + f"第七条第一款规定的初次报告，应于{DUE}提交{{% else %}}第七条"
                f"第二款规定的涵盖{{{{ r.year }}}}年（{PERIOD_START}至{PERIOD_END}）的"
                f"年度报告，应于{DUE}提交{{% endif %}}"
                + IF_SECOND
                + f"，现已逾期{DAYS}天{{% endif %}}"
                "{% if loop.last %}。{% else %}；{% endif %}",
            ),
            END_FOR,
            "{%p if reminder.level == 'second' %}",
            f"继{PREVIOUS}的照会之后，{{{{ sender.short_name }}}}关切地注意到上述报告仍未"
            "提交，并敦促毫不拖延地提交。",
            "{%p else %}",
            "因此，如[[the_addressee]]能安排尽早提交上述报告，{{ sender.short_name }}将不胜感激。",
            "{%p endif %}",
            "报告应使用缔约国会议通过的报告格式，通过裁军事务厅提交联合国秘书长，并抄送"
            "{{ sender.email }}。如在编写报告方面需要任何协助，{{ sender.short_name }}"
            "随时愿为[[the_addressee]]提供帮助。",
        ],
        "ru": [
            "{{ sender.name }} свидетельствует свое уважение [[to_organisation]] и имеет"
            " честь сослаться на статью 7 Конвенции по кассетным боеприпасам, в соответствии"
            " с которой каждое государство-участник представляет доклад Генеральному"
            " секретарю Организации Объединенных Наций как можно раньше, но в любом случае"
            " не позднее чем через 180 дней после вступления Конвенции в силу для этого"
            " государства-участника (первоначальный доклад), а затем ежегодно обновляет"
            " представленную информацию, охватывающую последний календарный год, и сообщает"
            " ее Генеральному секретарю не позднее 30 апреля каждого года (ежегодный"
            " доклад).",
            "В этой связи {{ sender.short_name }} обращает внимание [[of_addressee]] на то,"
            " что "
            + IF_ONE
            + "следующий доклад до сих пор не получен{% else %}следующие доклады до сих пор"
            " не получены{% endif %}:",
            FOR_REPORTS,
            (
                "item",
                # A Russian date ends with "г.": the item closes on a bracket, not a date.
                IF_INITIAL + "первоначальный доклад в соответствии с пунктом 1 статьи 7"
                f" (срок представления — {DUE}{{% else %}}ежегодный доклад в соответствии с"
                " пунктом 2 статьи 7 за {{ r.year }} календарный год"
                f" (с {PERIOD_START} по {PERIOD_END}; срок представления — {DUE}"
                "{% endif %}"
                + IF_SECOND
                + f"; доклад просрочен уже на {DAYS} {{{{ r.days_overdue|plural(one='день',"
                " few='дня', many='дней', other='дня') }}{% endif %})" + END_ITEM,
            ),
            END_FOR,
            "{%p if reminder.level == 'second' %}",
            f"В дополнение к своей вербальной ноте от {PREVIOUS} {{{{ sender.short_name }}}}"
            " с обеспокоенностью отмечает, что "
            + IF_ONE
            + "этот доклад по-прежнему не представлен, и настоятельно призывает представить"
            " его{% else %}эти доклады по-прежнему не представлены, и настоятельно призывает"
            " представить их{% endif %} без дальнейшего промедления.",
            "{%p else %}",
            "В связи с этим {{ sender.short_name }} просит [[the_addressee]] принять меры к"
            " тому, чтобы "
            + IF_ONE
            + "доклад был представлен{% else %}доклады были представлены{% endif %} в"
            " кратчайшие возможные сроки.",
            "{%p endif %}",
            "Доклады представляются Генеральному секретарю Организации Объединенных Наций"
            " через Управление по вопросам разоружения с использованием форм отчетности,"
            " утвержденных Совещанием государств-участников, а копия направляется по адресу"
            " {{ sender.email }}. В случае необходимости в какой-либо помощи при подготовке "
            + IF_ONE
            + "доклада{% else %}докладов{% endif %} {{ sender.short_name }} остается в"
            " распоряжении [[of_addressee]].",
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

# --- Arabic, Chinese and Russian -----------------------------------------------------
#
# Sources and forms relied on:
# - Stock formulas of UN correspondence, as set by the secretariat for this project:
#   note verbale, ar "تهدي [المرسل] أطيب تحياتها إلى [المرسل إليه] وتتشرف بأن ..." /
#   "وتغتنم [المرسل] هذه الفرصة لتعرب مجددا ل[المرسل إليه] عن أسمى آيات تقديرها.";
#   zh "[发件方]向[收件方]致意，并谨……" / "[发件方]借此机会向[收件方]重申其最崇高的敬意。";
#   ru "[Отправитель] свидетельствует свое уважение [адресату] и имеет честь ..." /
#   "[Отправитель] пользуется случаем, чтобы возобновить [адресату] уверения в своем
#   самом высоком уважении."; signed letter, ar "صاحب/صاحبة السعادة،" "أتشرف بأن ..."
#   "وتفضلوا، يا صاحب السعادة، بقبول فائق الاحترام."; zh "阁下：" "谨……" "顺致最崇高的
#   敬意。"; ru "Ваше Превосходительство!" "Имею честь ..." "Примите, Ваше
#   Превосходительство, уверения в моем самом высоком уважении."
# - Russian vocabulary of the Convention (Articles 3, 7 and 21: "накопленные кассетные
#   боеприпасы", "в кратчайшие возможные сроки, но не позднее чем по истечении восьми
#   лет", "как можно раньше, но в любом случае не позднее чем через 180 дней", "Меры
#   транспарентности"): the Russian authentic text, un.org/ru/documents/decl_conv/
#   conventions/cluster_munitions.shtml, and base.garant.ru/2569759 (Articles 3 and 7).
# - Arabic and Chinese vocabulary of the Convention ("اتفاقية الذخائر العنقودية",
#   "تدابير الشفافية", "اجتماع الدول الأطراف"; 《集束弹药公约》, 缔约国会议, 透明度报告,
#   第七条第一款): the authentic texts as remembered, and unoda.org/ar (the Convention's
#   page) for "تقارير الشفافية" and "اجتماعات الدول الأطراف"; NOT re-read article by
#   article: to be checked against the authentic texts.
# - Russian note verbale layout, addressee at the foot of the first page:
#   diplomaticdictionary.com, "Вербальная нота".
# - Dates, numbers, amounts and country names: Babel (CLDR), as the filters give them:
#   ar "3 آذار/مارس 2016", zh "2016年3月3日", ru "3 марта 2016 г." (a genitive form, right after
#   "от", "с ... по", "не позднее" and alone as a date of an event).
#
# Grammar the texts rely on: the sender profiles' names are nominative noun phrases; in
# Arabic all three (وحدة، رئاسة، لجنة) are feminine, so verbs and pronouns are feminine; in
# Russian the three have different genders (Группа, Председательство, Комитет), so the
# sender is only the subject of present-tense verbs ("просит", "обращает внимание",
# "остается"), never of a past tense or a short adjective ("признательна"). Organisation
# titles are nominative: Russian names the office by a fixed noun chosen by channel
# (dative "Постоянному представительству" / "Министерству иностранных дел") followed by the
# State in the genitive (names.csv), and leaves the directory's title to the address at the
# foot; Arabic and Chinese, which do not inflect it, put the
# full title in the opening formula, and Arabic refers back to it by channel (للبعثة / للوزارة)
# where a prefixed "ل" is needed. The signatory's gender is unknown: no first-person
# adjective ("ممتن"/"ممتنة", "признателен"/"признательна") in the letters. A Russian
# sentence never ends with a date: "3 марта 2016 г." already ends with a period. A noun
# after a number agrees with it through the `plural` filter ("45 дней", "21 день",
# "45 يوما", "5 أيام"). Dates, amounts: Babel, with the United Nations forms added by the
# filters (Arabic double month names "3 آذار/مارس 2016"; amounts "10 000 швейцарских
# франков"). Country names: names.csv (United Nations names), else CLDR.

# Right-to-left mark after the Arabic commas of a list of Latin values (a source: title,
# publisher, date, URL): without it the commas join the Latin values, and the date after
# them, into one left-to-right run, the title drawn left of the publisher.
RLM = "\u200f"

PHRASES["ar"] = {
    "to_organisation": "إلى {{ recipient.organisation }}",
    # With the prefixed "ل" of the closing formula: "للبعثة", "للوزارة".
    "for_addressee": by_channel("للوزارة", "للبعثة"),
    "the_addressee": by_channel("الوزارة", "البعثة"),
    "where": "{{ incident.place }}، {{ incident.state_name }}",
    "when": by_incident_days(f"في {START}", f"في الفترة من {START} إلى {END}"),
    "dateline": "{{ sender.place }}، {{ date|longdate }}",
    "honorific": by_gender("سعادة السيدة ", "سعادة السيد ", "سعادة "),
    "addressee": "[[honorific]]{{ recipient.addressee_name }}",
    "salutation": by_gender("صاحبة السعادة،", "صاحب السعادة،", "صاحب السعادة،"),
    # The closing repeats the form of address of the salutation.
    "vocative": by_gender("يا صاحبة السعادة", "يا صاحب السعادة", "يا صاحب السعادة"),
    "in_capital": IF_MISSION + " في عاصمتكم{% endif %}",
}
PHRASES["zh"] = {
    "to_organisation": "向{{ recipient.organisation }}",
    # 贵代表团 / 贵部: "your mission", "your ministry", as third-person notes say.
    "the_addressee": by_channel("贵部", "贵代表团"),
    "where": "在{{ incident.state_name }}{{ incident.place }}",
    "when": by_incident_days(f"于{START}", f"于{START}至{END}期间"),
    "dateline": "{{ date|longdate }}于{{ sender.place }}",
    # 阁下 follows the name: "某某先生阁下".
    "addressee": "{{ recipient.addressee_name }}" + by_gender("女士阁下", "先生阁下", "阁下"),
    "salutation": "阁下：",
    "in_capital": IF_MISSION + "贵国首都的{% endif %}",
}
PHRASES["ru"] = {
    # The office is named by a fixed noun in the dative and the State in the genitive
    # (names.csv "of"): "Постоянному представительству Республики Молдова при ...".
    "to_organisation": by_channel(
        "Министерству иностранных дел {{ state.of }}",
        "Постоянному представительству {{ state.of }} при Отделении Организации"
        " Объединенных Наций и других международных организациях в Женеве",
    ),
    "the_addressee": by_channel("Министерство", "Постоянное представительство"),
    "of_addressee": by_channel("Министерства", "Постоянного представительства"),
    # The place comes with its preposition and case ("в северной части мухафазы Алеппо"),
    # the State in the nominative, in brackets.
    "where": "{{ incident.place }} ({{ incident.state_name }})",
    "when": by_incident_days(START, f"в период с {START} по {END}"),
    "dateline": "{{ sender.place }}, {{ date|longdate }}",
    # Nominative, like the title and organisation lines under it.
    "honorific": by_gender(
        "Ее Превосходительство госпожа ",
        "Его Превосходительство господин ",
        "",
    ),
    "addressee": "[[honorific]]{{ recipient.addressee_name }}",
    "salutation": "Ваше Превосходительство!",
    "in_capital": IF_MISSION + " в Вашей столице{% endif %}",
}

LETTERHEAD |= {
    "ar": "اتفاقية الذخائر العنقودية",
    "zh": "集束弹药公约",
    "ru": "Конвенция по кассетным боеприпасам",
}
NOTE_CLOSING |= {
    "ar": "وتغتنم {{ sender.name }} هذه الفرصة لتعرب مجددا [[for_addressee]] عن أسمى آيات تقديرها.",
    "zh": "{{ sender.name }}借此机会[[to_organisation]]重申其最崇高的敬意。",
    "ru": "{{ sender.name }} пользуется случаем, чтобы возобновить [[to_organisation]]"
    " уверения в своем самом высоком уважении.",
}
LETTER_CLOSING |= {
    "ar": "وتفضلوا، [[vocative]]، بقبول فائق الاحترام.",
    "zh": "顺致最崇高的敬意。",
    "ru": "Примите, Ваше Превосходительство, уверения в моем самом высоком уважении.",
}
ENCLOSURE |= {"ar": "المرفق", "zh": "附件", "ru": "Приложение"}


def with_texts(
    kind: Kind, title: Texts, subject: Texts, body: Texts, paragraphs: dict[str, list[Para]]
) -> Kind:
    """The kind with the texts of more languages."""
    return replace(
        kind,
        title=kind.title | title,
        subject=kind.subject | subject,
        body=kind.body | body,
        paragraphs=kind.paragraphs | paragraphs,
    )


CONDEMNATION_STATEMENT = with_texts(
    CONDEMNATION_STATEMENT,
    title={
        "ar": "بيان بشأن ما أفيد عن استخدام ذخائر عنقودية [[where]]",
        "zh": "关于据报[[where]]使用集束弹药的声明",
        "ru": "Заявление в связи с сообщениями о применении кассетных боеприпасов [[where]]",
    },
    subject={
        "ar": "بيان بشأن ما أفيد عن استخدام ذخائر عنقودية [[where]]",
        "zh": "关于据报[[where]]使用集束弹药的声明",
        "ru": "Заявление в связи с сообщениями о применении кассетных боеприпасов [[where]]",
    },
    body={
        "ar": "يُرجى الاطلاع على البيان المرفق، المؤرخ {{ date|longdate }}، بشأن ما أفيد عن"
        " استخدام ذخائر عنقودية [[where]]. وستكون {{ sender.name }} ممتنة لو تكرمتم"
        " بعرضه على السلطات المختصة.",
        "zh": "随函附上{{ date|longdate }}关于据报[[where]]使用集束弹药的声明。如能提请"
        "主管当局注意该声明，{{ sender.name }}将不胜感激。",
        "ru": "Направляем в приложении заявление от {{ date|longdate }} в связи с"
        " сообщениями о применении кассетных боеприпасов [[where]]. {{ sender.name }}"
        " просит довести его до сведения компетентных органов.",
    },
    paragraphs={
        "ar": [
            ("centre", "[[dateline]]"),
            "تعرب {{ sender.name }} عن بالغ قلقها إزاء التقارير التي تفيد باستخدام ذخائر"
            " عنقودية [[where]]، [[when]].",
            "{%p if incident.populated_area %}",
            "وتشير هذه التقارير إلى أن الذخائر العنقودية استُخدمت في مناطق مأهولة"
            " بالسكان. وهذا الاستخدام مثير للجزع بوجه خاص، إذ إن للذخائر العنقودية آثارا"
            " عشوائية، وهي تُلحق بالمدنيين ضررا غير مقبول، وقت استخدامها وطوال سنوات"
            " عديدة بعد ذلك، لأن الذخائر الصغيرة غير المنفجرة تظل تقتل الناس وتشوههم.",
            "{%p endif %}",
            "وإذ تشير {{ sender.short_name }} إلى الغرض الإنساني للاتفاقية، فإنها تدين أي"
            " استخدام للذخائر العنقودية من جانب أي جهة كانت وفي ظل أي ظروف، سواء في"
            " المناطق المأهولة بالسكان أو في غيرها، وتدعو جميع الجهات إلى الامتناع عن أي"
            " استخدام آخر لها.",
            "كما تدعو {{ sender.short_name }} جميع الدول التي لم تنضم بعد إلى الاتفاقية"
            " إلى أن تنضم إليها دون إبطاء، وتدعو جميع الدول الأطراف إلى تنفيذها تنفيذا"
            " كاملا وإلى بذل قصارى جهدها لثني الدول غير الأطراف عن استخدام الذخائر"
            " العنقودية، على النحو المنصوص عليه في المادة 21.",
            "{%p if incident.sources %}",
            ("heading", "المصادر"),
            "{%p for s in incident.sources %}",
            (
                "bullet",
                "{{ s.title }}،"
                + RLM
                + " {{ s.publisher }}،"
                + RLM
                + " {{ s.date|longdate }}،"
                + RLM
                + " {{ s.url }}",
            ),
            "{%p endfor %}",
            "{%p endif %}",
        ],
        "zh": [
            ("centre", "[[dateline]]"),
            "{{ sender.name }}深为关切地获悉，有报告称[[when]][[where]]使用了集束弹药。",
            "{%p if incident.populated_area %}",
            "这些报告显示，集束弹药是在人口稠密地区使用的。这种使用尤其令人震惊：集束弹药"
            "具有滥杀滥伤的效应，无论在使用之时还是此后多年，都对平民造成不可接受的伤害，"
            "因为未爆子弹药仍在不断造成人员死伤。",
            "{%p endif %}",
            "{{ sender.short_name }}回顾《公约》的人道主义宗旨，谴责任何行为体在任何情况下"
            "使用集束弹药，无论是在人口稠密地区还是在其他地区，并呼吁所有行为体不再使用"
            "集束弹药。",
            "此外，{{ sender.short_name }}呼吁所有尚未加入《公约》的国家毫不拖延地加入"
            "《公约》，并呼吁所有缔约国全面执行《公约》，并按照第二十一条的规定，尽最大"
            "努力劝阻非缔约国使用集束弹药。",
            "{%p if incident.sources %}",
            ("heading", "资料来源"),
            "{%p for s in incident.sources %}",
            ("bullet", "{{ s.title }}，{{ s.publisher }}，{{ s.date|longdate }}，{{ s.url }}"),
            "{%p endfor %}",
            "{%p endif %}",
        ],
        "ru": [
            ("centre", "[[dateline]]"),
            "{{ sender.name }} выражает глубокую обеспокоенность в связи с сообщениями о"
            " применении кассетных боеприпасов [[when]] [[where]].",
            "{%p if incident.populated_area %}",
            "Согласно этим сообщениям, кассетные боеприпасы были применены в населенных"
            " районах. Такое применение вызывает особую тревогу: кассетные боеприпасы"
            " обладают неизбирательным действием и причиняют неприемлемый вред"
            " гражданскому населению как в момент применения, так и на протяжении многих"
            " лет после этого, поскольку неразорвавшиеся суббоеприпасы продолжают убивать"
            " и калечить людей.",
            "{%p endif %}",
            "Напоминая о гуманитарной цели Конвенции, {{ sender.short_name }} осуждает"
            " любое применение кассетных боеприпасов любым субъектом при любых"
            " обстоятельствах, как в населенных, так и в ненаселенных районах, и призывает"
            " всех субъектов воздерживаться от их дальнейшего применения.",
            "Кроме того, {{ sender.short_name }} призывает все государства, которые еще не"
            " сделали этого, безотлагательно стать участниками Конвенции, а все"
            " государства-участники — в полной мере осуществлять ее и, как предусмотрено"
            " в статье 21, прилагать все усилия к тому, чтобы отговаривать государства, не"
            " являющиеся участниками, от применения кассетных боеприпасов.",
            "{%p if incident.sources %}",
            ("heading", "Источники"),
            "{%p for s in incident.sources %}",
            ("bullet", "{{ s.title }}, {{ s.publisher }}, {{ s.date|longdate }}, {{ s.url }}"),
            "{%p endfor %}",
            "{%p endif %}",
        ],
    },
)

STATEMENT_TRANSMITTAL = with_texts(
    STATEMENT_TRANSMITTAL,
    title={
        "ar": "إحالة بيان بشأن ما أفيد عن استخدام ذخائر عنقودية",
        "zh": "转递关于据报使用集束弹药的声明",
        "ru": "Препровождение заявления в связи с сообщениями о применении кассетных боеприпасов",
    },
    subject={
        "ar": "مذكرة شفوية {{ reference }}: {{ statement.title }}",
        "zh": "第{{ reference }}号照会：{{ statement.title }}",
        "ru": "Вербальная нота {{ reference }}: {{ statement.title }}",
    },
    body={
        "ar": "يُرجى الاطلاع على المذكرة الشفوية المرفقة {{ reference }} المؤرخة"
        " {{ date|longdate }}، التي يُحال بها البيان المعنون «{{ statement.title }}»."
        " ويتعلق البيان بالتقارير التي تفيد باستخدام ذخائر عنقودية [[where]].",
        "zh": "随函附上{{ date|longdate }}第{{ reference }}号照会，该照会转递"
        "《{{ statement.title }}》。该声明涉及据报[[where]]使用集束弹药一事。",
        "ru": "Направляем в приложении вербальную ноту {{ reference }} от"
        " {{ date|longdate }}, которой препровождается заявление «{{ statement.title }}»."
        " Заявление касается сообщений о применении кассетных боеприпасов [[where]].",
    },
    paragraphs={
        "ar": [
            "تهدي {{ sender.name }} أطيب تحياتها [[to_organisation]] وتتشرف بأن تحيل"
            " إليها طيه البيان المعنون «{{ statement.title }}»، المتعلق بالتقارير التي تفيد"
            " باستخدام ذخائر عنقودية [[where]]، [[when]].",
            "وفي هذا الصدد، ستكون {{ sender.short_name }} ممتنة لو تفضلت [[the_addressee]]"
            " بعرض البيان على السلطات الوطنية المختصة. وسيُنشر البيان أيضا على الموقع"
            " الشبكي للاتفاقية.",
        ],
        "zh": [
            "{{ sender.name }}[[to_organisation]]致意，并谨随函转递《{{ statement.title }}》，"
            "该声明涉及据报[[when]][[where]]使用集束弹药一事。",
            "在这方面，如[[the_addressee]]能将该声明提请贵国主管当局注意，"
            "{{ sender.short_name }}将不胜感激。该声明也将在《公约》网站上公布。",
        ],
        "ru": [
            "{{ sender.name }} свидетельствует свое уважение [[to_organisation]] и имеет"
            " честь препроводить настоящим заявление, озаглавленное"
            " «{{ statement.title }}», в связи с сообщениями о применении кассетных"
            " боеприпасов [[when]] [[where]].",
            "В этой связи {{ sender.short_name }} просит [[the_addressee]] довести"
            " настоящее заявление до сведения компетентных национальных органов."
            " Заявление будет также опубликовано на веб-сайте Конвенции.",
        ],
    },
)

ARABIC_REPLY_BY = (
    "وأرجو التكرم بموافاتي بهذه المعلومات في موعد أقصاه {{ article3.reply_by|longdate }}،"
    " ويُفضَّل أن يكون ذلك بالبريد الإلكتروني على العنوان {{ sender.email }}. كما أرجو"
    " التكرم بعرض هذه الرسالة على السلطات المختصة[[in_capital]]."
)
CHINESE_REPLY_BY = (
    "请于{{ article3.reply_by|longdate }}之前提供上述信息，最好通过电子邮件发送至"
    "{{ sender.email }}。如蒙将本函提请[[in_capital]]主管当局注意，亦不胜感激。"
)
RUSSIAN_REPLY_BY = (
    "Прошу представить эту информацию не позднее {{ article3.reply_by|longdate }},"
    " предпочтительно по электронной почте по адресу {{ sender.email }}. Прошу также"
    " довести настоящее письмо до сведения компетентных органов[[in_capital]]."
)

ARTICLE3_PROGRESS_REQUEST = with_texts(
    ARTICLE3_PROGRESS_REQUEST,
    title={
        "ar": "طلب معلومات عن التقدم المحرز في تدمير المخزونات (المادة 3)",
        "zh": "请求提供销毁库存进展情况的信息（第三条）",
        "ru": "Запрос информации о ходе уничтожения запасов (статья 3)",
    },
    subject={
        "ar": "المادة 3 من اتفاقية الذخائر العنقودية: التقدم المحرز في تدمير المخزونات",
        "zh": "《集束弹药公约》第三条：销毁库存的进展情况",
        "ru": "Статья 3 Конвенции по кассетным боеприпасам: ход уничтожения запасов",
    },
    body={
        "ar": "يُرجى الاطلاع على الرسالة المرفقة المؤرخة {{ date|longdate }} (المرجع:"
        " {{ reference }}) التي تطلب معلومات عن التقدم المحرز في تدمير الذخائر العنقودية"
        " المخزونة، وهو تدمير يتعين إنجازه بموجب المادة 3 في موعد أقصاه"
        " {{ article3.deadline|longdate }}. ونرجو التكرم بموافاتنا بالرد في موعد أقصاه"
        " {{ article3.reply_by|longdate }}.",
        "zh": "随函附上{{ date|longdate }}的信函（编号：{{ reference }}），请求提供关于"
        "销毁所储存集束弹药进展情况的信息；根据第三条，销毁工作须于"
        "{{ article3.deadline|longdate }}之前完成。请于{{ article3.reply_by|longdate }}"
        "之前答复为荷。",
        "ru": "Направляем в приложении письмо от {{ date|longdate }} (исх. {{ reference }})"
        " с просьбой представить информацию о ходе уничтожения накопленных кассетных"
        " боеприпасов (предельный срок согласно статье 3 —"
        " {{ article3.deadline|longdate }}). Просим не позднее"
        " {{ article3.reply_by|longdate }} направить ответ.",
    },
    paragraphs={
        "ar": [
            "أتشرف بأن أشير إلى الالتزام الوارد في المادة 3 من اتفاقية الذخائر العنقودية"
            " بتدمير جميع الذخائر العنقودية المخزونة في أقرب وقت ممكن، على ألا يتجاوز ذلك"
            " ثماني سنوات من بدء نفاذ الاتفاقية بالنسبة للدولة الطرف المعنية.",
            "وقد بدأ نفاذ الاتفاقية بالنسبة لبلدكم في"
            " {{ article3.entry_into_force|longdate }}؛ ومن ثم فإن الموعد النهائي المحدد في"
            " الفقرة 2 من المادة 3 هو {{ article3.deadline|longdate }}."
            " {% if article3.last_update is none %}ولم ترد حتى الآن أي معلومات مستكملة عن"
            " تنفيذ هذا الالتزام.{% else %}وقد وردت آخر معلومات مستكملة عن تنفيذ هذا"
            " الالتزام في {{ article3.last_update|longdate }}.{% endif %}",
            "وبغية تحسين دعم الدول الأطراف في الوفاء بالتزاماتها بموجب المادة 3، أرجو"
            " التكرم بموافاتي بمعلومات عن التقدم الذي أحرزته حكومتكم في تدمير مخزوناتها من"
            " الذخائر العنقودية، وعن التحديات التي تواجهها، وعند الاقتضاء، عن أي احتياجات"
            " في مجال التعاون والمساعدة.",
            ARABIC_REPLY_BY,
        ],
        "zh": [
            "谨提及《集束弹药公约》第三条规定的义务，即尽快、但至迟于本公约对有关缔约国"
            "生效后八年内销毁所储存的全部集束弹药。",
            "本公约于{{ article3.entry_into_force|longdate }}对贵国生效，因此，第三条第二款"
            "规定的期限为{{ article3.deadline|longdate }}。"
            "{% if article3.last_update is none %}迄今尚未收到关于履行这项义务的最新情况。"
            "{% else %}关于履行这项义务的最新情况是于{{ article3.last_update|longdate }}"
            "收到的。{% endif %}",
            "为更好地支持缔约国履行第三条规定的义务，如蒙提供贵国政府在销毁所储存集束弹药"
            "方面取得的进展、遇到的挑战以及（如适用）在合作与援助方面的任何需要等信息，"
            "我将不胜感激。",
            CHINESE_REPLY_BY,
        ],
        "ru": [
            "Имею честь сослаться на предусмотренное статьей 3 Конвенции по кассетным"
            " боеприпасам обязательство уничтожить все накопленные кассетные боеприпасы в"
            " кратчайшие возможные сроки, но не позднее чем по истечении восьми лет после"
            " вступления Конвенции в силу для соответствующего государства-участника.",
            "Для Вашей страны Конвенция вступила в силу"
            " {{ article3.entry_into_force|longdate }}; соответственно,"
            " {{ article3.deadline|longdate }} — предельный срок, установленный пунктом 2"
            " статьи 3. {% if article3.last_update is none %}До настоящего времени"
            " обновленная информация о выполнении этого обязательства не поступала."
            "{% else %}{{ article3.last_update|longdate }} поступила последняя обновленная"
            " информация о выполнении этого обязательства.{% endif %}",
            "В целях более эффективной поддержки государств-участников в выполнении их"
            " обязательств по статье 3 прошу Вас представить информацию о ходе уничтожения"
            " Вашим правительством накопленных кассетных боеприпасов, о возникающих"
            " трудностях и, в соответствующих случаях, о любых потребностях в"
            " сотрудничестве и помощи.",
            RUSSIAN_REPLY_BY,
        ],
    },
)

ARTICLE3_GOOD_PRACTICES_REQUEST = with_texts(
    ARTICLE3_GOOD_PRACTICES_REQUEST,
    title={
        "ar": "طلب معلومات عن التحديات والممارسات الجيدة بعد تدمير المخزونات (المادة 3)",
        "zh": "请求分享销毁库存方面的挑战和良好做法（第三条）",
        "ru": "Просьба поделиться информацией о трудностях и передовой практике после"
        " уничтожения запасов (статья 3)",
    },
    subject={
        "ar": "المادة 3 من اتفاقية الذخائر العنقودية: التحديات والممارسات الجيدة في تدمير"
        " المخزونات",
        "zh": "《集束弹药公约》第三条：销毁库存方面的挑战和良好做法",
        "ru": "Статья 3 Конвенции по кассетным боеприпасам: трудности и передовая практика в"
        " области уничтожения запасов",
    },
    body={
        "ar": "يُرجى الاطلاع على الرسالة المرفقة المؤرخة {{ date|longdate }} (المرجع:"
        " {{ reference }}) التي تدعو حكومتكم إلى تبادل المعلومات عن التحديات التي"
        " واجهتها والممارسات الجيدة التي استحدثتها في تدمير مخزوناتها من الذخائر"
        " العنقودية. ونرجو التكرم بموافاتنا بالرد في موعد أقصاه"
        " {{ article3.reply_by|longdate }}.",
        "zh": "随函附上{{ date|longdate }}的信函（编号：{{ reference }}），邀请贵国政府"
        "分享在销毁所储存集束弹药过程中遇到的挑战和形成的良好做法。请于"
        "{{ article3.reply_by|longdate }}之前答复为荷。",
        "ru": "Направляем в приложении письмо от {{ date|longdate }} (исх. {{ reference }}),"
        " в котором Вашему правительству предлагается поделиться информацией о"
        " трудностях, возникших в ходе уничтожения накопленных кассетных боеприпасов, и о"
        " выработанной передовой практике. Просим не позднее"
        " {{ article3.reply_by|longdate }} направить ответ.",
    },
    paragraphs={
        "ar": [
            "أتشرف بأن أشير إلى المادة 3 من اتفاقية الذخائر العنقودية، التي تتعهد بموجبها"
            " كل دولة طرف بتدمير جميع الذخائر العنقودية المخزونة الخاضعة لولايتها"
            " وسيطرتها.",
            "واسمحوا لي بدايةً أن أهنئ حكومتكم على إنجازها تدمير مخزوناتها من الذخائر"
            " العنقودية"
            + IF_NO_COMPLETION
            + "{% else %} في "
            + COMPLETION_DATE
            + "{% endif %}، وهو إنجاز مهم في تنفيذ الاتفاقية.",
            "إن تجربة الدول الأطراف التي أنجزت تدمير مخزوناتها ذات قيمة كبيرة للدول التي لا"
            " تزال تضطلع به. ولذلك أرجو التكرم بموافاتي بمعلومات عن التحديات التي واجهتها"
            " حكومتكم في عملية التدمير وعن الممارسات الجيدة التي استحدثتها، حتى يتسنى"
            " تبادلها مع الدول الأطراف الأخرى.",
            ARABIC_REPLY_BY,
        ],
        "zh": [
            "谨提及《集束弹药公约》第三条，根据该条，每一缔约国承诺销毁在其管辖和控制下的"
            "所有储存的集束弹药。",
            "首先，请允许我祝贺贵国政府"
            + IF_NO_COMPLETION
            + "{% else %}于"
            + COMPLETION_DATE
            + "{% endif %}完成了所储存集束弹药的销毁工作，这是执行《公约》方面的一项"
            "重要成就。",
            "已完成库存销毁的缔约国的经验，对仍在开展销毁工作的缔约国极具价值。因此，如蒙"
            "分享贵国政府在销毁过程中遇到的挑战和形成的良好做法，以便与其他缔约国交流，"
            "我将不胜感激。",
            CHINESE_REPLY_BY,
        ],
        "ru": [
            "Имею честь сослаться на статью 3 Конвенции по кассетным боеприпасам, в"
            " соответствии с которой каждое государство-участник обязуется уничтожить все"
            " накопленные кассетные боеприпасы, находящиеся под его юрисдикцией и"
            " контролем.",
            "Позвольте прежде всего поздравить Ваше правительство с тем, что оно"
            + IF_NO_COMPLETION
            + "{% else %} "
            + COMPLETION_DATE
            + "{% endif %} завершило уничтожение своих запасов кассетных боеприпасов. Это"
            " важное достижение в деле осуществления Конвенции.",
            "Опыт государств-участников, завершивших уничтожение своих запасов,"
            " представляет большую ценность для тех, кто еще занимается этой работой. В"
            " связи с этим прошу Вас поделиться информацией о трудностях, с которыми Ваше"
            " правительство столкнулось в процессе уничтожения, и о выработанной им"
            " передовой практике, с тем чтобы ею можно было поделиться с другими"
            " государствами-участниками.",
            RUSSIAN_REPLY_BY,
        ],
    },
)

CONTRIBUTION_THANKS = with_texts(
    CONTRIBUTION_THANKS,
    title={
        "ar": "شكر على مساهمة مالية",
        "zh": "感谢财政捐款",
        "ru": "Благодарность за финансовый взнос",
    },
    subject={
        "ar": "المساهمة المالية لعام {{ contribution.year }} المقدمة إلى وحدة دعم تنفيذ"
        " اتفاقية الذخائر العنقودية",
        "zh": "{{ contribution.year }}年向《集束弹药公约》执行支助股提供的财政捐款",
        "ru": "Финансовый взнос Группе имплементационной поддержки Конвенции по кассетным"
        " боеприпасам на {{ contribution.year }} год",
    },
    body={
        "ar": "يُرجى الاطلاع على رسالة الشكر المرفقة على المساهمة المالية البالغة "
        + AMOUNT
        + " التي وردت في "
        + RECEIVED_ON
        + ". ونحن ممتنون للغاية لحكومتكم على دعمها المتواصل للاتفاقية.",
        "zh": "随函附上感谢信，感谢于"
        + RECEIVED_ON
        + "收到的"
        + AMOUNT
        + "财政捐款。我们衷心感谢贵国政府一贯支持《公约》。",
        "ru": "Направляем в приложении благодарственное письмо в связи с полученным "
        + RECEIVED_ON
        + " финансовым взносом в размере "
        + AMOUNT
        + ". Мы глубоко признательны Вашему правительству за неизменную поддержку"
        " Конвенции.",
    },
    paragraphs={
        "ar": [
            "أتشرف بأن أُقر، مع خالص الامتنان، باستلام المساهمة المالية البالغة "
            + AMOUNT
            + " التي قدمتها حكومتكم إلى وحدة دعم تنفيذ اتفاقية الذخائر العنقودية لعام"
            " {{ contribution.year }}، والتي وردت في "
            + RECEIVED_ON
            + ". وقد سُجلت المساهمة للغرض التالي: {{ contribution.purpose }}.",
            "إن مساهمات الدول الأطراف ضرورية لتمكين الوحدة من دعمها في تنفيذ الاتفاقية ومن"
            " الاضطلاع بالمهام التي أسندها إليها اجتماع الدول الأطراف. وإنني أقدر كل التقدير"
            " دعم حكومتكم والتزامها المتواصل بالاتفاقية.",
            "وأرجو التكرم بإبلاغ شكري إلى السلطات المختصة[[in_capital]].",
        ],
        "zh": [
            "谨确认，贵国政府为{{ contribution.year }}年向《集束弹药公约》执行支助股提供的"
            + AMOUNT
            + "财政捐款已于"
            + RECEIVED_ON
            + "收到，对此谨致诚挚谢意。该捐款已登记用于以下用途：{{ contribution.purpose }}。",
            "缔约国的捐款对于执行支助股支持缔约国执行《公约》以及完成缔约国会议赋予的任务"
            "至关重要。我高度赞赏贵国政府的支持及其对《公约》的一贯承诺。",
            "谨请向[[in_capital]]主管当局转达我的谢意。",
        ],
        "ru": [
            "Имею честь с искренней признательностью подтвердить получение "
            + RECEIVED_ON
            + " финансового взноса в размере "
            + AMOUNT
            + ", внесенного Вашим правительством на деятельность Группы имплементационной"
            " поддержки Конвенции по кассетным боеприпасам в {{ contribution.year }} году."
            " Взнос зарегистрирован со следующим назначением: {{ contribution.purpose }}.",
            "Взносы государств-участников крайне важны для того, чтобы Группа могла"
            " оказывать им поддержку в осуществлении Конвенции и выполнять задачи,"
            " возложенные на нее Совещанием государств-участников. Я высоко ценю"
            " поддержку Вашего правительства и его неизменную приверженность Конвенции.",
            "Прошу Вас передать мою благодарность компетентным органам[[in_capital]].",
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
        ("line", "[[addressee]]"),
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
    """A statement is its title (the kind's title, which a transmittal cites), then its
    dateline and text."""
    return [("title", kind.title[lang]), *kind.paragraphs[lang]]


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


# Latin values (or numbers) inside Arabic text: `|ltr` wraps them in left-to-right marks,
# so that "CCM/ISU/2016/1a2b/001", "1 Rue de la Paix" or "x@y.org" keep their order. Dates,
# amounts and country names come from Babel in Arabic and need no marks.
LTR_VALUES = (
    "reference",
    "line",
    "sender.email",
    "s.title",
    "s.publisher",
    "s.url",
    "r.year",
    "contribution.year",
)
LTR_TAG = re.compile(
    r"\{\{ (" + "|".join(re.escape(v) for v in LTR_VALUES) + r")((?:\|[\w.()']+)*) \}\}"
)


def keep_left_to_right(text: str) -> str:
    """Add the `ltr` filter to every Latin value of LTR_VALUES in an Arabic text."""
    return LTR_TAG.sub(r"{{ \1\2|ltr }}", text)


JINJA_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def french_typography(text: str) -> str:
    """French spacing, and the typographic apostrophe (l’Unité) outside Jinja tags."""
    parts = JINJA_TAG.split(french_spacing(text))
    return "".join(p if i % 2 else p.replace("'", "’") for i, p in enumerate(parts))


# Chinese text breaks a line anywhere, a Latin e-mail address or reference at its hyphens
# and slashes too: `nobreak` keeps each of them whole (docx only; e-mail bodies are plain).
KEEP_WHOLE = re.compile(r"\{\{ (sender\.email|reference) \}\}")


def keep_whole(text: str) -> str:
    """Add the `nobreak` filter to the e-mail address and reference of a Chinese text."""
    return KEEP_WHOLE.sub(r"{{ \1|nobreak }}", text)


FINISHING = {"fr": french_typography, "ar": keep_left_to_right}


def expand(text: str, lang: str) -> str:
    """Replace each [[phrase]] by its text in `lang` (phrases may contain phrases)."""
    while PHRASE_MARK.search(text):
        text = PHRASE_MARK.sub(lambda m: PHRASES[lang][m.group(1)], text)
    finish = FINISHING.get(lang)
    return finish(text) if finish else text


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
    indent: float = 0


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
    "item": Style(after=6, indent=24),
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
    if style.indent:
        fmt.left_indent = Pt(style.indent)
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
    sender.add_run("{{ sender.letterhead }}").italic = True


def rule_below(paragraph: Paragraph) -> None:
    """Draw a thin line under a paragraph (a bottom border)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "4"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


# --- Right-to-left and East Asian text -----------------------------------------------

# Schema order (ECMA-376) of the children of pPr, rPr and sectPr: a child out of order
# makes Word refuse the file. Only the part from the elements set here onwards matters.
PPR_ORDER = (
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
SECTPR_ORDER = (
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def put(parent: BaseOxmlElement, tag: str, order: tuple[str, ...], **attrs: str) -> None:
    """Give `parent` a child `tag` (created at its place in `order`) with these attributes."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.insert_element_before(child, *order[order.index(tag) + 1 :])
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)


def format_script(paragraph: Paragraph, lang: str, style_name: str) -> None:
    """Arabic: right to left (bidi paragraph, rtl runs, complex-script font and size).
    Chinese: East Asian font and language, first line indented by two characters. Other
    languages: nothing, Times New Roman covers Latin and Cyrillic."""
    if lang == "ar":
        # In a bidi paragraph jc="left" is the start side, drawn on the right; "right"
        # (the dateline) is drawn on the left: the English layout, mirrored.
        put(paragraph._p.get_or_add_pPr(), "w:bidi", PPR_ORDER)
    if lang == "zh" and style_name == "body":
        paragraph.paragraph_format.first_line_indent = Pt(24)
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        if lang in ("ar", "zh"):
            # Naskh and CJK fonts have no italic: a slanted copy would be drawn instead.
            for italic in rpr.findall(qn("w:i")):
                rpr.remove(italic)
        if lang == "ar":
            put(rpr, "w:rFonts", RPR_ORDER, ascii=FONT, hAnsi=FONT, cs=ARABIC_FONT)
            if rpr.find(qn("w:b")) is not None:
                put(rpr, "w:bCs", RPR_ORDER)
            size = rpr.find(qn("w:sz"))
            if size is not None:
                put(rpr, "w:szCs", RPR_ORDER, val=size.get(qn("w:val")))
            put(rpr, "w:rtl", RPR_ORDER)
            put(rpr, "w:lang", RPR_ORDER, bidi="ar-SA")
        elif lang == "zh":
            put(rpr, "w:rFonts", RPR_ORDER, ascii=FONT, hAnsi=FONT, eastAsia=CHINESE_FONT)
            put(rpr, "w:lang", RPR_ORDER, eastAsia="zh-CN")


def set_script(doc: DocumentObject, lang: str) -> None:
    """Defaults, section and letterhead of an Arabic or Chinese document."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))[0]
    # w:lang/@w:val is the language of Latin text (addresses, e-mails, names): left as
    # Arabic or Chinese, LibreOffice breaks Latin words anywhere at the end of a line.
    if lang == "ar":
        put(rpr, "w:rFonts", RPR_ORDER, cs=ARABIC_FONT)
        put(rpr, "w:lang", RPR_ORDER, val=WORD_LANG["en"], bidi="ar-SA")
        put(doc.sections[0]._sectPr, "w:bidi", SECTPR_ORDER)
    elif lang == "zh":
        put(rpr, "w:rFonts", RPR_ORDER, eastAsia=CHINESE_FONT)
        put(rpr, "w:lang", RPR_ORDER, val=WORD_LANG["en"], eastAsia="zh-CN")
    else:
        return
    for paragraph in doc.sections[0].first_page_header.paragraphs:
        format_script(paragraph, lang, "letterhead")


def set_properties(doc: DocumentObject, kind: Kind, lang: str) -> None:
    """Fixed document properties, so that a rebuild gives the same file."""
    props = doc.core_properties
    props.title = kind.title[lang]
    props.author = props.last_modified_by = "verbale"
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
        text = expand(text, lang)
        paragraph = add_paragraph(doc, style_name, keep_whole(text) if lang == "zh" else text)
        format_script(paragraph, lang, style_name)
    set_script(doc, lang)
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
    """Write kind.yaml and the template of one kind in each language."""
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
