#!/usr/bin/env python3
"""Write review.yaml and gold.json for each Welsh case from the answers below.

    python eval_data/welsh_synth/build.py

The drafts (cases/*/draft.md) are written by hand; this script holds what an anonymiser
must remove and keep in each, counts every must_redact string in its draft (whole word,
case-sensitive, as ../shared/eval/score.py counts), and refuses a string or keep term
the draft does not contain. Every name, place, number and date is invented.
Standard library only (the review records are written as YAML by hand).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"

# (role, Welsh pseudonym, names, aliases) for the review record: what a Board would hold.
Ident = tuple[str, str, list[str], list[str]]

SPECS: dict[str, dict] = {
    "cy01-esgeulustod": {
        "record": {
            "reference": "CYSUR 4/2022",
            "board": "Mid and West Wales Safeguarding Board",
            "review_type": "concise",
            "register": False,
            "reviewers": ["Elen Mathias"],
            "chair": "Huw Trefor",
            "themes": ["neglect", "information sharing"],
            "dates": ("2021-04-12", "2021-07-01", "2022-02-10"),
        },
        "identities": [
            ("child", "Plentyn G", ["Gwawr Pritchard"], []),
            ("mother", "Mam", ["Kasia Nowak"], ["Kaśka"]),
            ("partner", "Partner y fam", ["Dylan Pugh"], []),
            ("place", "tref yn ardal y Bwrdd", ["Cwmtawel"], []),
            ("place", "cartref y teulu", ["7 Heol y Dderwen"], []),
        ],
        "redact": [
            ("Gwawr Pritchard", "PERSON", "child"),
            ("Gwawr", "PERSON", "child"),
            ("Wawr", "PERSON", "child"),
            ("Kasia Nowak", "PERSON", "mother"),
            ("Kasia", "PERSON", "mother"),
            ("Kaśka", "PERSON", "mother"),
            ("Dylan Pugh", "PERSON", "partner"),
            ("Dylan", "PERSON", "partner"),
            ("Wiesław Nowak", "PERSON", "grandparent"),
            ("Wiesław", "PERSON", "grandparent"),
            ("Marek Zieliński", "PERSON", "practitioner"),
            ("Elinor Jenkins", "PERSON", "practitioner"),
            ("Bethan Rowlands", "PERSON", "practitioner"),
            ("Iwan Tudur", "PERSON", "gp"),
            ("tair blwydd a phum mis oed", "AGE_DOB", "child"),
            ("11/10/2017", "AGE_DOB", "child"),
            ("7 Heol y Dderwen", "ADDRESS", "place"),
            ("Cwmtawel", "LOCATION", "place"),
            ("Gwmtawel", "LOCATION", "place"),
            ("Nghwmtawel", "LOCATION", "place"),
            ("Lanfeuno", "LOCATION", "place"),
            ("SY23 9QX", "POSTCODE", "place"),
            ("999 526 0182", "NHS_NUMBER", "child"),
            ("CS/2021/55312", "CASE_REF", "case"),
            ("DP-20201231-0417", "CASE_REF", "case"),
            ("3 Mawrth 2021", "DATE", "event"),
            ("Nos Galan 2020", "DATE", "event"),
            ("12 Ionawr 2021", "DATE", "event"),
            ("31.12.20", "DATE", "event"),
            ("12/01/2021", "DATE", "event"),
            ("2 Chwefror 2021", "DATE", "event"),
            ("4 Mawrth 2021", "DATE", "event"),
            ("Ysbyty Bronglais", "ORG_LOCAL", "place"),
            ("Feddygfa Glan Morfa", "ORG_LOCAL", "place"),
            ("Cylch Meithrin Coed y Bryn", "SCHOOL", "place"),
        ],
        "keep": [
            "Bwrdd Diogelu Canolbarth a Gorllewin Cymru",
            "CYSUR 4/2022",
            "Heddlu Dyfed-Powys",
            "Cyngor Sir Ceredigion",
            "Gyngor Sir Ceredigion",
            "Bwrdd Iechyd Prifysgol Hywel Dda",
            "Fwrdd Iechyd Prifysgol Hywel Dda",
            "Deddf Gwasanaethau Cymdeithasol a Llesiant (Cymru) 2014",
            "Gwasanaethau Plant",
            "gwawr",
            "gweithiwr cymdeithasol",
            "ymwelydd iechyd",
            "meddyg teulu",
            "Wlad Pwyl",
            "ym mis Ionawr 2021",
            "Elen Mathias",
            "Huw Trefor",
        ],
        "known": {
            "child": ("Gwawr Pritchard", ["Gwawr", "Wawr"], "PERSON"),
            "mother": ("Kasia Nowak", ["Kasia", "Kaśka"], "PERSON"),
            "partner": ("Dylan Pugh", ["Dylan"], "PERSON"),
            "grandparent": ("Wiesław Nowak", ["Wiesław"], "PERSON"),
            "practitioner_1": ("Marek Zieliński", [], "PERSON"),
            "practitioner_2": ("Elinor Jenkins", ["Mrs Elinor Jenkins"], "PERSON"),
            "practitioner_3": ("Bethan Rowlands", [], "PERSON"),
            "gp": ("Dr Iwan Tudur", [], "PERSON"),
            "town": ("Cwmtawel", ["Gwmtawel", "Nghwmtawel"], "LOCATION"),
        },
    },
    "cy02-person-ifanc": {
        "record": {
            "reference": "BDRCF AYP 3/2023",
            "board": "Cardiff and Vale Regional Safeguarding Board",
            "review_type": "extended",
            "register": True,
            "reviewers": ["Sioned Parri", "Nadia Kowalczyk"],
            "chair": "Gareth Hopcyn",
            "themes": ["child sexual exploitation", "missing episodes"],
            "dates": ("2023-05-22", "2023-09-14", "2024-01-18"),
        },
        "identities": [
            ("child", "Person Ifanc H", ["Hodan Warsame"], []),
            ("mother", "Mam", ["Faadumo Ali"], []),
            ("sibling", "Brawd", ["Abdirahman Warsame"], ["Abdi"]),
            ("father", "Tad", ["Yusuf Warsame"], []),
            ("place", "tref yn ardal y Bwrdd", ["Trefaelog"], []),
        ],
        "redact": [
            ("Hodan Warsame", "PERSON", "child"),
            ("Hodan", "PERSON", "child"),
            ("Faadumo Ali", "PERSON", "mother"),
            ("Faadumo", "PERSON", "mother"),
            ("Abdirahman Warsame", "PERSON", "sibling"),
            ("Abdi", "PERSON", "sibling"),
            ("Yusuf Warsame", "PERSON", "father"),
            ("Yusuf", "PERSON", "father"),
            ("Leila", "PERSON", "family"),
            ("Rhodri Vaughan", "PERSON", "practitioner"),
            ("Angharad Llywelyn", "PERSON", "practitioner"),
            ("Zainab Hussain", "PERSON", "practitioner"),
            ("19 Awst 2007", "AGE_DOB", "child"),
            ("Fflat 12, Tŷ Glasfryn, Heol yr Orsaf", "ADDRESS", "place"),
            ("Trefaelog", "LOCATION", "place"),
            ("Nhrefaelog", "LOCATION", "place"),
            ("Drefaelog", "LOCATION", "place"),
            ("CF63 8RW", "POSTCODE", "place"),
            ("07700 900418", "PHONE", "mother"),
            ("Ysgol Uwchradd Cwm Ceiriog", "SCHOOL", "place"),
            ("2300004417", "CASE_REF", "case"),
            ("14eg o Dachwedd 2022", "DATE", "event"),
            ("Ddydd Calan 2023", "DATE", "event"),
            ("2 Ionawr", "DATE", "event"),
            ("14/11/2022", "DATE", "event"),
            ("02/01/2023", "DATE", "event"),
            ("3 Ionawr 2023", "DATE", "event"),
            ("9 Ionawr 2023", "DATE", "event"),
            ("Sul y Pasg 2023", "DATE", "event"),
            ("21.04.2023", "DATE", "event"),
        ],
        "keep": [
            "Bwrdd Diogelu Rhanbarthol Caerdydd a'r Fro",
            "BDRCF AYP 3/2023",
            "Gwasanaethau Plant Cyngor Bro Morgannwg",
            "Cyngor Bro Morgannwg",
            "Chyngor Bro Morgannwg",
            "Heddlu De Cymru",
            "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro",
            "Llywodraeth Cymru",
            "Gweithdrefnau Diogelu Cymru",
            "Barnardo's",
            "Tîm Camfanteisio",
            "Somaleg",
            "Somalia",
            "Nyrs yr ysgol",
            "ym mis Ebrill 2023",
            "Sioned Parri",
            "Nadia Kowalczyk",
            "Gareth Hopcyn",
        ],
        "known": {
            "child": ("Hodan Warsame", ["Hodan"], "PERSON"),
            "mother": ("Faadumo Ali", ["Faadumo"], "PERSON"),
            "sibling": ("Abdirahman Warsame", ["Abdi"], "PERSON"),
            "father": ("Yusuf Warsame", ["Yusuf"], "PERSON"),
            "friend": ("Leila", [], "PERSON"),
            "practitioner_1": ("PC Rhodri Vaughan", [], "PERSON"),
            "practitioner_2": ("Angharad Llywelyn", [], "PERSON"),
            "practitioner_3": ("Ms Zainab Hussain", [], "PERSON"),
            "town": ("Trefaelog", ["Nhrefaelog", "Drefaelog"], "LOCATION"),
        },
    },
    "cy03-baban": {
        "record": {
            "reference": "BDG AYP 11/2022",
            "board": "Gwent Safeguarding Board",
            "review_type": "concise",
            "register": False,
            "reviewers": ["Meinir Gwyn"],
            "chair": "Tomos Rhisiart",
            "themes": ["non-accidental injury", "voice of the child"],
            "dates": ("2022-01-20", "2022-05-09", "2022-10-27"),
        },
        "identities": [
            ("child", "Baban A", ["Ayaan Rahman"], []),
            ("mother", "Mam", ["Nasrin Begum"], ["Nasu"]),
            ("father", "Tad", ["Shahidul Rahman"], ["Shahid"]),
            ("grandparent", "Mam-gu", ["Rokeya Khatun"], []),
            ("place", "tref yn ardal y Bwrdd", ["Pontyrhydd"], []),
        ],
        "redact": [
            ("Ayaan Rahman", "PERSON", "child"),
            ("Ayaan", "PERSON", "child"),
            ("Nasrin Begum", "PERSON", "mother"),
            ("Nasrin", "PERSON", "mother"),
            ("Nasu", "PERSON", "mother"),
            ("Shahidul Rahman", "PERSON", "father"),
            ("Shahidul", "PERSON", "father"),
            ("Shahid", "PERSON", "father"),
            ("Rokeya Khatun", "PERSON", "grandparent"),
            ("Rokeya", "PERSON", "grandparent"),
            ("Carys Morgan", "PERSON", "practitioner"),
            ("Farhana Chowdhury", "PERSON", "gp"),
            ("Chowdhury", "PERSON", "gp"),
            ("tri mis a dwy wythnos oed", "AGE_DOB", "child"),
            ("chwe wythnos oed", "AGE_DOB", "child"),
            ("14eg Medi 2021", "AGE_DOB", "child"),
            ("41 Stryd Tudor", "ADDRESS", "place"),
            ("Pontyrhydd", "LOCATION", "place"),
            ("Bontyrhydd", "LOCATION", "place"),
            ("Mhontyrhydd", "LOCATION", "place"),
            ("NP44 6TJ", "POSTCODE", "place"),
            ("999 159 0838", "NHS_NUMBER", "child"),
            ("TOR-21-08812", "CASE_REF", "case"),
            ("GW/2021/0099341", "CASE_REF", "case"),
            ("211222-0734", "CASE_REF", "case"),
            ("Noswyl Nadolig 2021", "DATE", "event"),
            ("28 Rhagfyr", "DATE", "event"),
            ("28 Rhagfyr 2021", "DATE", "event"),
            ("22/12/2021", "DATE", "event"),
            ("29.10.21", "DATE", "event"),
            ("Ysbyty'r Faenor", "ORG_LOCAL", "place"),
            ("Meddygfa Heol Newydd", "ORG_LOCAL", "place"),
        ],
        "keep": [
            "Bwrdd Diogelu Gwent",
            "BDG AYP 11/2022",
            "Heddlu Gwent",
            "Chyngor Bwrdeistref Sirol Torfaen",
            "Gyngor Bwrdeistref Sirol Torfaen",
            "Bwrdd Iechyd Prifysgol Aneurin Bevan",
            "Ymddiriedolaeth GIG Gwasanaethau Ambiwlans Cymru",
            "meddyg teulu",
            "fydwraig",
            "baediatregydd",
            "Meinir Gwyn",
            "Tomos Rhisiart",
        ],
        "known": {
            "child": ("Ayaan Rahman", ["Ayaan"], "PERSON"),
            "mother": ("Nasrin Begum", ["Nasrin", "Nasu"], "PERSON"),
            "father": ("Shahidul Rahman", ["Shahidul", "Shahid"], "PERSON"),
            "grandparent": ("Rokeya Khatun", ["Rokeya"], "PERSON"),
            "practitioner_1": ("Carys Morgan", [], "PERSON"),
            "gp": ("Dr Farhana Chowdhury", ["Dr Chowdhury"], "PERSON"),
            "town": ("Pontyrhydd", ["Bontyrhydd", "Mhontyrhydd"], "LOCATION"),
        },
    },
    "cy04-cam-drin-domestig": {
        "record": {
            "reference": "BDGC AYP 2/2024",
            "board": "North Wales Safeguarding Board",
            "review_type": "concise",
            "register": False,
            "reviewers": ["Lowri Bebb"],
            "chair": "Emyr Pierce",
            "themes": ["domestic abuse", "voice of the child"],
            "dates": ("2023-07-20", "2023-11-02", "2024-03-14"),
        },
        "identities": [
            ("child", "Plentyn E", ["Eira Thomas-Wright"], []),
            ("mother", "Mam", ["Chloe Wright"], []),
            ("partner", "Partner y fam", ["Jason Mercer"], ["Jay"]),
            ("father", "Tad", ["Osian Thomas"], []),
            ("place", "pentref yn ardal y Bwrdd", ["Caerwyn"], []),
        ],
        "redact": [
            ("Eira Thomas-Wright", "PERSON", "child"),
            ("Eira", "PERSON", "child"),
            ("Chloe Wright", "PERSON", "mother"),
            ("Chloe", "PERSON", "mother"),
            ("Jason Mercer", "PERSON", "partner"),
            ("Jason", "PERSON", "partner"),
            ("Jay", "PERSON", "partner"),
            ("Osian Thomas", "PERSON", "father"),
            ("Osian", "PERSON", "father"),
            ("Nia Wyn Roberts", "PERSON", "practitioner"),
            ("Dafydd ap Hywel", "PERSON", "practitioner"),
            ("Alun Pennant", "PERSON", "practitioner"),
            ("Ffion Haf", "PERSON", "practitioner"),
            ("05/06/2016", "AGE_DOB", "child"),
            ("Bwthyn Penrallt", "ADDRESS", "place"),
            ("Fwthyn Penrallt", "ADDRESS", "place"),
            ("Caerwyn", "LOCATION", "place"),
            ("Gaerwyn", "LOCATION", "place"),
            ("Nghaerwyn", "LOCATION", "place"),
            ("LL54 3PD", "POSTCODE", "place"),
            ("2204178", "CASE_REF", "case"),
            ("GC/MRC/23/118", "CASE_REF", "case"),
            ("1706-23-0412", "CASE_REF", "case"),
            ("Ysgol Gynradd Llanfeirion", "SCHOOL", "place"),
            ("17 Mehefin 2023", "DATE", "event"),
            ("Calan Gaeaf 2022", "DATE", "event"),
            ("12 Mai 2023", "DATE", "event"),
            ("5ed o Orffennaf 2023", "DATE", "event"),
            ("2023-09-04", "DATE", "event"),
        ],
        "keep": [
            "Bwrdd Diogelu Gogledd Cymru",
            "BDGC AYP 2/2024",
            "Heddlu Gogledd Cymru",
            "Gwasanaethau Cymdeithasol Cyngor Gwynedd",
            "Cyngor Gwynedd",
            "Chyngor Gwynedd",
            "Bwrdd Iechyd Prifysgol Betsi Cadwaladr",
            "Plant yng Nghymru",
            "Ymgyrch Encompass",
            "Gynllun Datgelu Trais Domestig",
            "eira",
            "MARAC",
            "ym mis Medi 2021",
            "Lowri Bebb",
            "Emyr Pierce",
        ],
        "known": {
            "child": ("Eira Thomas-Wright", ["Eira"], "PERSON"),
            "mother": ("Chloe Wright", ["Chloe"], "PERSON"),
            "partner": ("Jason Mercer", ["Jason", "Jay"], "PERSON"),
            "father": ("Osian Thomas", ["Osian"], "PERSON"),
            "practitioner_1": ("Mrs Nia Wyn Roberts", [], "PERSON"),
            "practitioner_2": ("Dafydd ap Hywel", [], "PERSON"),
            "practitioner_3": ("Mr Alun Pennant", [], "PERSON"),
            "practitioner_4": ("Ffion Haf", [], "PERSON"),
            "town": ("Caerwyn", ["Gaerwyn", "Nghaerwyn"], "LOCATION"),
            "home": ("Bwthyn Penrallt", ["Fwthyn Penrallt"], "ADDRESS"),
        },
    },
    "cy05-addysg-gartref": {
        "record": {
            "reference": "BDGC AYP 7/2021",
            "board": "North Wales Safeguarding Board",
            "review_type": "concise",
            "register": False,
            "reviewers": ["Carwyn Eilian"],
            "chair": "Mererid Hopwood-Jones",
            "themes": ["elective home education", "children not seen by universal services"],
            "dates": ("2021-04-15", "2021-08-05", "2021-12-09"),
        },
        "identities": [
            ("child", "Plentyn L", ["Luca Popescu"], []),
            ("mother", "Mam", ["Ioana Popescu"], []),
            ("partner", "Llystad", ["Mihai Dumitru"], ["Mişu"]),
            ("sibling", "Chwaer", ["Ana-Maria Popescu"], []),
            ("place", "pentref yn ardal y Bwrdd", ["Penllwyn"], []),
        ],
        "redact": [
            ("Luca Popescu", "PERSON", "child"),
            ("Luca", "PERSON", "child"),
            ("Ioana Popescu", "PERSON", "mother"),
            ("Ioana", "PERSON", "mother"),
            ("Mihai Dumitru", "PERSON", "partner"),
            ("Mihai", "PERSON", "partner"),
            ("Mişu", "PERSON", "partner"),
            ("Ana-Maria Popescu", "PERSON", "sibling"),
            ("Ana-Maria", "PERSON", "sibling"),
            ("Ana", "PERSON", "sibling"),
            ("Gethin Prys", "PERSON", "practitioner"),
            ("Sandra Kelly", "PERSON", "practitioner"),
            ("Aled Griffiths", "PERSON", "practitioner"),
            ("chwe blwydd ac un mis ar ddeg oed", "AGE_DOB", "child"),
            ("30.09.2013", "AGE_DOB", "child"),
            ("pedair blwydd a naw mis oed", "AGE_DOB", "sibling"),
            ("Carafán 3, Maes Carafanau Penllwyn", "ADDRESS", "place"),
            ("Penllwyn", "LOCATION", "place"),
            ("Benllwyn", "LOCATION", "place"),
            ("Mhenllwyn", "LOCATION", "place"),
            ("LL16 5HB", "POSTCODE", "place"),
            ("999 016 6137", "NHS_NUMBER", "child"),
            ("EHE-DDC-0457", "CASE_REF", "case"),
            ("1209884", "CASE_REF", "case"),
            ("NWP-20201226-0926", "CASE_REF", "case"),
            ("Ysgol Gynradd y Foel", "SCHOOL", "place"),
            ("Cylch Meithrin Penllwyn", "SCHOOL", "place"),
            ("Ysbyty Glan Clwyd", "ORG_LOCAL", "place"),
            ("1 Medi 2020", "DATE", "event"),
            ("8 Hydref 2020", "DATE", "event"),
            ("Gŵyl San Steffan 2020", "DATE", "event"),
            ("Ddydd Gŵyl Dewi 2021", "DATE", "event"),
            ("3ydd o Fawrth", "DATE", "event"),
            ("08/10/20", "DATE", "event"),
            ("26/12/2020", "DATE", "event"),
            ("1 Mawrth 2021", "DATE", "event"),
            ("3 Mawrth 2021", "DATE", "event"),
        ],
        "keep": [
            "Bwrdd Diogelu Gogledd Cymru",
            "BDGC AYP 7/2021",
            "Cyngor Sir Ddinbych",
            "Gyngor Sir Ddinbych",
            "Heddlu Gogledd Cymru",
            "Bwrdd Iechyd Prifysgol Betsi Cadwaladr",
            "Llywodraeth Cymru",
            "Rwmania",
            "Rwmaneg",
            "paediatregydd",
            "Carwyn Eilian",
            "Mererid Hopwood-Jones",
        ],
        "known": {
            "child": ("Luca Popescu", ["Luca"], "PERSON"),
            "mother": ("Ioana Popescu", ["Ioana"], "PERSON"),
            "partner": ("Mihai Dumitru", ["Mihai", "Mişu"], "PERSON"),
            "sibling": ("Ana-Maria Popescu", ["Ana-Maria", "Ana"], "PERSON"),
            "practitioner_1": ("Mr Gethin Prys", [], "PERSON"),
            "practitioner_2": ("Mrs Sandra Kelly", [], "PERSON"),
            "practitioner_3": ("Dr Aled Griffiths", [], "PERSON"),
            "town": ("Penllwyn", ["Benllwyn", "Mhenllwyn"], "LOCATION"),
        },
    },
    "cy06-iechyd-meddwl": {
        "record": {
            "reference": "BDGM AYP 5/2023",
            "board": "West Glamorgan Safeguarding Board",
            "review_type": "concise",
            "register": False,
            "reviewers": ["Delyth Prosser"],
            "chair": "Robat Iwan",
            "themes": ["health", "professional curiosity"],
            "dates": ("2023-01-26", "2023-04-20", "2023-09-07"),
        },
        "identities": [
            ("child", "Person Ifanc T", ["Tolúwanimí Adeyemi"], ["Tolu"]),
            ("father", "Tad", ["Babatunde Adeyemi"], []),
            ("mother", "Mam", ["Grace Adeyemi"], []),
            ("partner", "Partner y tad", ["Beatriz Mendes"], []),
            ("place", "tref yn ardal y Bwrdd", ["Glyn Eithin"], []),
        ],
        "redact": [
            ("Tolúwanimí Adeyemi", "PERSON", "child"),
            ("Tolúwanimí", "PERSON", "child"),
            ("Tolu", "PERSON", "child"),
            ("Babatunde Adeyemi", "PERSON", "father"),
            ("Babatunde", "PERSON", "father"),
            ("Grace Adeyemi", "PERSON", "mother"),
            ("Beatriz Mendes", "PERSON", "partner"),
            ("Beatriz", "PERSON", "partner"),
            ("Jessica", "PERSON", "family"),
            ("Siwan Elis", "PERSON", "practitioner"),
            ("Rui Mendes", "PERSON", "practitioner"),
            ("Owain Rhys", "PERSON", "practitioner"),
            ("2006-03-21", "AGE_DOB", "child"),
            ("88 Rhodfa'r Coed", "ADDRESS", "place"),
            ("Glyn Eithin", "LOCATION", "place"),
            ("Lyn Eithin", "LOCATION", "place"),
            ("Nglyn Eithin", "LOCATION", "place"),
            ("SA11 2WE", "POSTCODE", "place"),
            ("PK 52 41 87 C", "NI_NUMBER", "father"),
            ("999 186 0916", "NHS_NUMBER", "child"),
            ("CPB/BAE/22/3318", "CASE_REF", "case"),
            ("Ysgol Gyfun Cwm Nedd Uchaf", "SCHOOL", "place"),
            ("Ysbyty Treforys", "ORG_LOCAL", "place"),
            ("20fed Hydref 2022", "DATE", "event"),
            ("Nos Calan Gaeaf 2022", "DATE", "event"),
            ("2 Tachwedd", "DATE", "event"),
            ("2 Tachwedd 2022", "DATE", "event"),
            ("20/10/2022", "DATE", "event"),
            ("31.10.22", "DATE", "event"),
            ("14/11/22", "DATE", "event"),
            ("9 Ionawr 2023", "DATE", "event"),
        ],
        "keep": [
            "Bwrdd Diogelu Gorllewin Morgannwg",
            "BDGM AYP 5/2023",
            "Wasanaethau Iechyd Meddwl Plant a'r Glasoed",
            "Bwrdd Iechyd Prifysgol Bae Abertawe",
            "Ymddiriedolaeth GIG Gwasanaethau Ambiwlans Cymru",
            "Cyngor Bwrdeistref Sirol Castell-nedd Port Talbot",
            "Gyngor Bwrdeistref Sirol Castell-nedd Port Talbot",
            "Gyngor Castell-nedd Port Talbot",
            "Heddlu De Cymru",
            "Llywodraeth Cymru",
            "CAMHS",
            "fis Ionawr 2023",
            "Delyth Prosser",
            "Robat Iwan",
        ],
        "known": {
            "child": ("Tolúwanimí Adeyemi", ["Tolúwanimí", "Tolu"], "PERSON"),
            "father": ("Babatunde Adeyemi", ["Babatunde"], "PERSON"),
            "mother": ("Grace Adeyemi", [], "PERSON"),
            "partner": ("Beatriz Mendes", ["Beatriz"], "PERSON"),
            "friend": ("Jessica", [], "PERSON"),
            "practitioner_1": ("Siwan Elis", [], "PERSON"),
            "practitioner_2": ("Dr Rui Mendes", [], "PERSON"),
            "practitioner_3": ("Dr Owain Rhys", [], "PERSON"),
            "town": ("Glyn Eithin", ["Lyn Eithin", "Nglyn Eithin"], "LOCATION"),
        },
    },
    "cy07-teithwyr": {
        "record": {
            "reference": "BDCTM AYP 1/2024",
            "board": "Cwm Taf Morgannwg Safeguarding Board",
            "review_type": "concise",
            "register": False,
            "reviewers": ["Heledd Morgan-Hughes"],
            "chair": "Aled Parry",
            "themes": ["non-accidental injury", "children not seen by universal services"],
            "dates": ("2023-09-21", "2023-12-07", "2024-04-18"),
        },
        "identities": [
            ("child", "Plentyn D", ["Dolly Lee"], []),
            ("mother", "Mam", ["Priscilla Lee"], ["Cilla"]),
            ("father", "Tad", ["Nelson Price"], []),
            ("place", "pentref yn ardal y Bwrdd", ["Blaenhedyn"], []),
            ("place", "cartref y teulu", ["Safle Teithwyr Waun Hir"], []),
        ],
        "redact": [
            ("Dolly Lee", "PERSON", "child"),
            ("Dolly", "PERSON", "child"),
            ("Priscilla Lee", "PERSON", "mother"),
            ("Priscilla", "PERSON", "mother"),
            ("Cilla", "PERSON", "mother"),
            ("Nelson Price", "PERSON", "father"),
            ("Nelson", "PERSON", "father"),
            ("Xiu Ying Chen", "PERSON", "practitioner"),
            ("Xiu Ying", "PERSON", "practitioner"),
            ("Violet Smith", "PERSON", "family"),
            ("Gwenno Harries", "PERSON", "practitioner"),
            ("Sameer Haddad", "PERSON", "practitioner"),
            ("dwy flwydd a saith mis oed", "AGE_DOB", "child"),
            ("11.01.2021", "AGE_DOB", "child"),
            ("Safle Teithwyr Waun Hir, Llain 6", "ADDRESS", "place"),
            ("Blaenhedyn", "LOCATION", "place"),
            ("Mlaenhedyn", "LOCATION", "place"),
            ("CF45 7NQ", "POSTCODE", "place"),
            ("RCT/CS/23/04471", "CASE_REF", "case"),
            ("0511-22-7713", "CASE_REF", "case"),
            ("Ysbyty'r Tywysog Siarl", "ORG_LOCAL", "place"),
            ("4 Awst 2023", "DATE", "event"),
            ("7fed o Awst", "DATE", "event"),
            ("Noson Tân Gwyllt 2022", "DATE", "event"),
            ("1af o Fai 2023", "DATE", "event"),
            ("07/08/2023", "DATE", "event"),
        ],
        "keep": [
            "Bwrdd Diogelu Cwm Taf Morgannwg",
            "BDCTM AYP 1/2024",
            "Heddlu De Cymru",
            "Chyngor Bwrdeistref Sirol Rhondda Cynon Taf",
            "Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg",
            "Llywodraeth Cymru",
            "Sipsiwn Romani",
            "ymwelydd iechyd",
            "ym mis Mai 2023",
            "Heledd Morgan-Hughes",
            "Aled Parry",
        ],
        "known": {
            "child": ("Dolly Lee", ["Dolly"], "PERSON"),
            "mother": ("Priscilla Lee", ["Priscilla", "Cilla"], "PERSON"),
            "father": ("Nelson Price", ["Nelson"], "PERSON"),
            "childminder": ("Xiu Ying Chen", ["Xiu Ying"], "PERSON"),
            "great_aunt": ("Violet Smith", [], "PERSON"),
            "practitioner_1": ("Gwenno Harries", [], "PERSON"),
            "practitioner_2": ("Sameer Haddad", [], "PERSON"),
            "town": ("Blaenhedyn", ["Mlaenhedyn"], "LOCATION"),
        },
    },
}


# The record's pseudonym is English (the main language); the Welsh page's is pseudonym_cy.
ENGLISH_PSEUDONYMS = {
    "Baban A": "Baby A",
    "Brawd": "Brother",
    "Chwaer": "Sister",
    "Llystad": "Stepfather",
    "Mam": "Mother",
    "Mam-gu": "Grandmother",
    "Partner y fam": "Mother's partner",
    "Partner y tad": "Father's partner",
    "Tad": "Father",
    "cartref y teulu": "the family home",
    "pentref yn ardal y Bwrdd": "a village in the Board area",
    "tref yn ardal y Bwrdd": "a town in the Board area",
}


def english(pseudonym: str) -> str:
    """The English pseudonym of a Welsh one ("Plentyn G" -> "Child G")."""
    for welsh, eng in (("Plentyn ", "Child "), ("Person Ifanc ", "Young Person ")):
        if pseudonym.startswith(welsh):
            return eng + pseudonym.removeprefix(welsh)
    return ENGLISH_PSEUDONYMS[pseudonym]


def count(text: str, draft: str) -> int:
    """Whole-word, case-sensitive occurrences, as score.py counts them."""
    return len(re.findall(r"(?<!\w)" + re.escape(text) + r"(?!\w)", draft))


def q(value: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(value, ensure_ascii=False)


def review_yaml(spec: dict) -> str:
    """The review record, in the schema of drafts/<ref>/review.yaml."""
    r = spec["record"]
    referral, learning, approval = r["dates"]
    lines = [
        f"reference: {q(r['reference'])}",
        f"board: {q(r['board'])}",
        f"review_type: {r['review_type']}",
        "criteria:",
        "  outcome: serious_permanent_impairment",
        f"  on_register_or_looked_after_in_6_months: {'true' if r['register'] else 'false'}",
        "reviewers:",
        *[f"- {q(n)}" for n in r["reviewers"]],
        f"panel_chair: {q(r['chair'])}",
        "themes:",
        *[f"- {t}" for t in r["themes"]],
        "dates:",
        f"  referral_to_review_subgroup: {referral}",
        f"  learning_event: {learning}",
        f"  board_approval: {approval}",
        "identities:",
    ]
    for role, pseudonym, names, aliases in spec["identities"]:
        lines += [
            f"- role: {role}",
            f"  pseudonym: {q(english(pseudonym))}",
            f"  pseudonym_cy: {q(pseudonym)}",
            "  names:",
        ]
        lines += [f"  - {q(n)}" for n in names]
        lines += ["  aliases:" + ("" if aliases else " []")]
        lines += [f"  - {q(a)}" for a in aliases]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Write every case's review.yaml and gold.json; 1 if a string is not in its draft."""
    problems = []
    for name, spec in SPECS.items():
        folder = CASES / name
        draft = (folder / "draft.md").read_text(encoding="utf-8")
        redact = []
        for text, kind, role in spec["redact"]:
            n = count(text, draft)
            if n == 0:
                problems.append(f"{name}: must_redact {text!r} is not in the draft")
            redact.append({"text": text, "type": kind, "role": role, "count": n})
        for term in spec["keep"]:
            if count(term, draft) == 0:
                problems.append(f"{name}: must_keep {term!r} is not in the draft")
        known = {
            role: {"name": n, "aliases": aliases, "type": kind}
            for role, (n, aliases, kind) in spec["known"].items()
        }
        gold = {
            "lang": "cy",
            "must_redact": redact,
            "must_keep": spec["keep"],
            "known_identities": known,
        }
        (folder / "gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (folder / "review.yaml").write_text(review_yaml(spec), encoding="utf-8")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
