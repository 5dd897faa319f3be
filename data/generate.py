"""Demo warehouse generator: three years of a fictional Korean exporter's customer data.

``python -m data.generate OUT.duckdb --scale 1 --seed 7 [--end-date 2025-12-31] [--force]``

Hanbit Living Co., Ltd. (Seoul) makes kitchen appliances, cookware, home-comfort and
beauty devices, commercial kitchen equipment and spare parts. It sells to consumers and
businesses in 35 countries, online (web shop, app, marketplaces, email offers) and
offline (trade fairs and sales reps, distributors, phone/fax/EDI), and reports in USD.

Everything is drawn from one ``np.random.default_rng(seed)`` in a fixed order and fully
vectorised (loops only over categories, countries, campaigns), so a seed gives
byte-identical tables and scale 10 (~200k customers, ~10M order lines) builds in minutes.

Planted patterns, checked by tests/test_generator.py: Pareto revenue, seasonality and
growth, a rising online share, lapsing customers, partner lifecycles, campaign uplift
over a holdout control group, satisfaction driving repurchase, realistic web conversion,
won opportunities that became B2B orders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import duckdb
import numpy as np
import pyarrow as pa

from data.schema import columns, create_schema

BASE_CUSTOMERS = 20_000
BASE_LINES = 1_000_000
DAY = 86_400
NEVER = 10**12  # "no such time": later than any day or second of the history
COMPANY = "Hanbit Living Co., Ltd."

# ---------------------------------------------------------------- reference data

WEB, APP, MARKET, EMAIL, FAIR, PARTNER, PHONE = range(1, 8)
CHANNELS = [
    (WEB, "Web shop", "online"),
    (APP, "Mobile app", "online"),
    (MARKET, "Marketplace", "online"),
    (EMAIL, "Email", "online"),
    (FAIR, "Trade fair / sales rep", "offline"),
    (PARTNER, "Partner / distributor", "offline"),
    (PHONE, "Phone / fax / EDI", "offline"),
]
IS_ONLINE = np.array([False, True, True, True, True, False, False, False])  # by channel id


class Locale(NamedTuple):
    family_first: bool
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]
    domains: tuple[str, ...]
    legal: tuple[str, ...]


LOCALES = {
    "ko": Locale(True, ("Seo-yeon", "Ji-woo", "Min-seo", "Ha-eun", "Ji-min", "Soo-ah", "Yoon-seo", "Chae-won", "Eun-ji", "Hye-jin"),
                 ("Min-jun", "Seo-jun", "Do-yoon", "Ji-ho", "Ha-joon", "Joon-woo", "Hyun-woo", "Sung-min", "Jae-hyun", "Dong-hyun"),
                 ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin"),
                 ("naver.com", "daum.net", "gmail.com"), ("Co., Ltd.", "Corp.")),
    "ja": Locale(True, ("Yui", "Aoi", "Hina", "Sakura", "Yuna", "Mei", "Haruka", "Misaki", "Nanami", "Emi"),
                 ("Haruto", "Sota", "Yuto", "Ren", "Takumi", "Kenji", "Hiroshi", "Daiki", "Shota", "Kaito"),
                 ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"),
                 ("yahoo.co.jp", "gmail.com", "docomo.ne.jp"), ("K.K.", "Co., Ltd.")),
    "zh": Locale(True, ("Fang", "Na", "Xiuying", "Min", "Jing", "Yan", "Ting", "Hui", "Li", "Xin"),
                 ("Wei", "Jun", "Hao", "Lei", "Qiang", "Jian", "Tao", "Ming", "Yong", "Bo"),
                 ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Lin"),
                 ("qq.com", "163.com", "gmail.com"), ("Co., Ltd.", "Trading Co., Ltd.")),
    "vi": Locale(True, ("Linh", "Trang", "Huong", "Lan", "Mai", "Thao", "Ngoc", "Anh"),
                 ("Minh", "Duc", "Hung", "Tuan", "Quang", "Nam", "Huy", "Long"),
                 ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"),
                 ("gmail.com", "yahoo.com"), ("JSC", "Co., Ltd.")),
    "th": Locale(False, ("Siriporn", "Kanya", "Nattaya", "Malee", "Ploy", "Suda"),
                 ("Somchai", "Anan", "Kittisak", "Niran", "Prasert", "Wichai"),
                 ("Saetang", "Wongsakul", "Chaiyaporn", "Srisuk", "Boonmee", "Thongchai", "Rattanakorn"),
                 ("gmail.com", "hotmail.com"), ("Co., Ltd.",)),
    "sea": Locale(False, ("Siti", "Nur Aisyah", "Dewi", "Putri", "Maria", "Angelica", "Sari"),
                  ("Ahmad", "Muhammad", "Budi", "Agus", "Jose", "Mark", "Rizal"),
                  ("Rahman", "Abdullah", "Santoso", "Wijaya", "Reyes", "Santos", "Cruz", "Tan", "Lim"),
                  ("gmail.com", "yahoo.com"), ("Sdn. Bhd.", "PT", "Inc.")),
    "in": Locale(False, ("Priya", "Ananya", "Aishwarya", "Kavya", "Pooja", "Neha", "Divya"),
                 ("Rahul", "Arjun", "Vikram", "Rohan", "Amit", "Sanjay", "Karthik"),
                 ("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Mehta"),
                 ("gmail.com", "rediffmail.com", "outlook.com"), ("Pvt. Ltd.", "Ltd.")),
    "en": Locale(False, ("Emma", "Olivia", "Sophia", "Emily", "Charlotte", "Grace", "Chloe", "Hannah", "Sarah", "Jessica"),
                 ("James", "Oliver", "William", "Jack", "Michael", "Daniel", "Thomas", "Ethan", "Noah", "Benjamin"),
                 ("Smith", "Johnson", "Brown", "Williams", "Taylor", "Wilson", "Davies", "Martin", "Anderson", "Clarke",
                  "Walker", "Thompson"),
                 ("gmail.com", "outlook.com", "yahoo.com", "icloud.com"), ("Ltd", "Inc.", "LLC")),
    "af": Locale(False, ("Amara", "Chiamaka", "Wanjiru", "Akinyi", "Ngozi", "Zawadi"),
                 ("Chinedu", "Oluwaseun", "Kwame", "Otieno", "Emeka", "Juma"),
                 ("Okafor", "Adeyemi", "Mwangi", "Odhiambo", "Okeke", "Kamau", "Balogun"),
                 ("gmail.com", "yahoo.com"), ("Ltd", "Limited")),
    "de": Locale(False, ("Anna", "Lena", "Laura", "Julia", "Sophie", "Katharina", "Marie", "Lea"),
                 ("Lukas", "Felix", "Jonas", "Maximilian", "Tobias", "Florian", "Jan", "Stefan"),
                 ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz"),
                 ("gmx.de", "web.de", "gmail.com"), ("GmbH", "AG", "GmbH & Co. KG")),
    "fr": Locale(False, ("Camille", "Manon", "Chloé", "Léa", "Inès", "Julie", "Claire", "Sarah"),
                 ("Lucas", "Hugo", "Louis", "Gabriel", "Nicolas", "Julien", "Antoine", "Mathieu"),
                 ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"),
                 ("orange.fr", "gmail.com", "free.fr"), ("SARL", "SAS", "S.A.")),
    "es": Locale(False, ("María", "Lucía", "Sofía", "Valentina", "Camila", "Isabel", "Carmen", "Paula"),
                 ("Alejandro", "Carlos", "Diego", "Javier", "Miguel", "Andrés", "Pablo", "Luis"),
                 ("García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez", "Ramírez",
                  "Torres"),
                 ("gmail.com", "hotmail.com", "outlook.com"), ("S.A.", "S.L.", "S.A. de C.V.")),
    "pt": Locale(False, ("Ana", "Beatriz", "Mariana", "Juliana", "Fernanda", "Larissa"),
                 ("João", "Pedro", "Lucas", "Gabriel", "Rafael", "Thiago"),
                 ("Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Ferreira"),
                 ("gmail.com", "uol.com.br", "hotmail.com"), ("Ltda.", "S.A.")),
    "it": Locale(False, ("Giulia", "Chiara", "Francesca", "Sara", "Martina", "Elena"),
                 ("Marco", "Luca", "Matteo", "Alessandro", "Andrea", "Giorgio"),
                 ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"),
                 ("libero.it", "gmail.com"), ("S.r.l.", "S.p.A.")),
    "nl": Locale(False, ("Emma", "Sanne", "Lotte", "Eva", "Anouk", "Fleur"),
                 ("Daan", "Sem", "Lars", "Bram", "Thijs", "Ruben"),
                 ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Mulder"),
                 ("gmail.com", "ziggo.nl"), ("B.V.",)),
    "pl": Locale(False, ("Anna", "Katarzyna", "Magdalena", "Agnieszka", "Tereza", "Petra"),
                 ("Piotr", "Tomasz", "Jakub", "Michał", "Jan", "Petr"),
                 ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Novák", "Svoboda", "Dvořák", "Kamiński"),
                 ("wp.pl", "seznam.cz", "gmail.com"), ("Sp. z o.o.", "s.r.o.")),
    "sv": Locale(False, ("Elsa", "Astrid", "Maja", "Ebba", "Ingrid", "Linnea"),
                 ("Erik", "Lars", "Anders", "Johan", "Oskar", "Nils"),
                 ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Lindberg"),
                 ("gmail.com", "telia.com"), ("AB",)),
    "tr": Locale(False, ("Zeynep", "Elif", "Ayşe", "Fatma", "Merve", "Ecem"),
                 ("Mehmet", "Mustafa", "Emre", "Burak", "Can", "Ahmet"),
                 ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk"),
                 ("gmail.com", "hotmail.com"), ("A.Ş.", "Ltd. Şti.")),
    "ar": Locale(False, ("Fatima", "Aisha", "Mariam", "Noor", "Layla", "Huda"),
                 ("Mohammed", "Ahmed", "Omar", "Khalid", "Youssef", "Hassan"),
                 ("Al-Farsi", "Al-Mansouri", "Haddad", "Hassan", "Al-Qahtani", "El-Sayed", "Nasser", "Mahmoud"),
                 ("gmail.com", "outlook.com", "yahoo.com"), ("LLC", "Trading LLC", "Co.")),
}  # fmt: skip

REGIONS = ("Asia", "Europe", "North America", "Latin America", "Middle East & Africa", "Oceania")


class Country(NamedTuple):
    name: str
    region: str
    locale: str
    weight: float  # share of customers (relative)
    partners: int  # number of partners (0: served directly)
    tld: str
    cities: tuple[str, ...]


COUNTRIES = [
    Country("South Korea", "Asia", "ko", 20.0, 2, ".co.kr", ("Seoul", "Busan", "Incheon", "Daegu")),
    Country("Japan", "Asia", "ja", 6.0, 0, ".co.jp", ("Tokyo", "Osaka", "Nagoya", "Fukuoka")),
    Country("China", "Asia", "zh", 5.0, 0, ".cn", ("Shanghai", "Beijing", "Shenzhen", "Guangzhou")),
    Country("Taiwan", "Asia", "zh", 2.0, 0, ".com.tw", ("Taipei", "Kaohsiung", "Taichung")),
    Country("Vietnam", "Asia", "vi", 2.5, 2, ".vn", ("Ho Chi Minh City", "Hanoi", "Da Nang")),
    Country("Thailand", "Asia", "th", 1.8, 2, ".co.th", ("Bangkok", "Chiang Mai", "Pattaya")),
    Country("Malaysia", "Asia", "sea", 1.2, 1, ".com.my", ("Kuala Lumpur", "Penang", "Johor Bahru")),
    Country("Indonesia", "Asia", "sea", 2.0, 2, ".co.id", ("Jakarta", "Surabaya", "Bandung")),
    Country("Philippines", "Asia", "sea", 1.2, 1, ".com.ph", ("Manila", "Cebu City", "Davao City")),
    Country("India", "Asia", "in", 2.5, 2, ".in", ("Mumbai", "Delhi", "Bengaluru", "Chennai")),
    Country("Germany", "Europe", "de", 5.5, 4, ".de", ("Berlin", "Munich", "Hamburg", "Frankfurt")),
    Country("France", "Europe", "fr", 3.0, 3, ".fr", ("Paris", "Lyon", "Marseille")),
    Country("United Kingdom", "Europe", "en", 3.5, 3, ".co.uk", ("London", "Manchester", "Birmingham")),
    Country("Italy", "Europe", "it", 2.0, 2, ".it", ("Milan", "Rome", "Turin")),
    Country("Spain", "Europe", "es", 2.0, 2, ".es", ("Madrid", "Barcelona", "Valencia")),
    Country("Netherlands", "Europe", "nl", 1.5, 2, ".nl", ("Amsterdam", "Rotterdam", "Utrecht")),
    Country("Poland", "Europe", "pl", 1.2, 2, ".pl", ("Warsaw", "Kraków", "Wrocław")),
    Country("Czechia", "Europe", "pl", 0.7, 0, ".cz", ("Prague", "Brno")),
    Country("Sweden", "Europe", "sv", 1.0, 1, ".se", ("Stockholm", "Gothenburg", "Malmö")),
    Country("Turkey", "Europe", "tr", 1.2, 2, ".com.tr", ("Istanbul", "Ankara", "Izmir")),
    Country("United States", "North America", "en", 11.0, 5, ".com", ("New York", "Los Angeles", "Chicago", "Houston")),
    Country("Canada", "North America", "en", 2.5, 2, ".ca", ("Toronto", "Vancouver", "Montreal")),
    Country("Mexico", "Latin America", "es", 2.0, 2, ".com.mx", ("Mexico City", "Guadalajara", "Monterrey")),
    Country("Brazil", "Latin America", "pt", 2.2, 2, ".com.br", ("São Paulo", "Rio de Janeiro", "Belo Horizonte")),
    Country("Chile", "Latin America", "es", 0.8, 1, ".cl", ("Santiago", "Valparaíso")),
    Country("Colombia", "Latin America", "es", 0.8, 1, ".com.co", ("Bogotá", "Medellín", "Cali")),
    Country("Peru", "Latin America", "es", 0.6, 0, ".pe", ("Lima", "Arequipa")),
    Country("United Arab Emirates", "Middle East & Africa", "ar", 1.5, 2, ".ae", ("Dubai", "Abu Dhabi", "Sharjah")),
    Country("Saudi Arabia", "Middle East & Africa", "ar", 1.3, 2, ".sa", ("Riyadh", "Jeddah", "Dammam")),
    Country("Egypt", "Middle East & Africa", "ar", 0.7, 1, ".com.eg", ("Cairo", "Alexandria")),
    Country("South Africa", "Middle East & Africa", "en", 1.0, 2, ".co.za", ("Johannesburg", "Cape Town", "Durban")),
    Country("Nigeria", "Middle East & Africa", "af", 0.6, 0, ".com.ng", ("Lagos", "Abuja")),
    Country("Kenya", "Middle East & Africa", "af", 0.5, 0, ".co.ke", ("Nairobi", "Mombasa")),
    Country("Australia", "Oceania", "en", 2.5, 3, ".com.au", ("Sydney", "Melbourne", "Brisbane", "Perth")),
    Country("New Zealand", "Oceania", "en", 0.7, 1, ".co.nz", ("Auckland", "Wellington", "Christchurch")),
]

# category: (cost share of price, B2B quantity factor, subcategories)
# subcategory: (name, item, sku prefix, price low, price high, B2C weight, B2B weight)
CATALOG = {
    "Kitchen Appliances": (0.58, 1.0, [
        ("Rice Cookers", "Rice Cooker", "RC", 60, 420, 1.6, 0.8),
        ("Blenders & Juicers", "Blender", "BL", 40, 260, 1.2, 0.6),
        ("Air Fryers & Ovens", "Air Fryer", "AF", 70, 320, 1.5, 0.5),
        ("Electric Kettles", "Electric Kettle", "EK", 25, 120, 1.0, 0.6),
        ("Induction Cooktops", "Induction Cooktop", "IH", 80, 450, 0.8, 0.6)]),
    "Cookware": (0.45, 1.6, [
        ("Frying Pans", "Frying Pan", "FP", 20, 120, 1.3, 1.0),
        ("Pots & Stockpots", "Stockpot", "SP", 30, 180, 0.9, 0.9),
        ("Kitchen Knives", "Chef Knife", "KN", 25, 160, 0.7, 0.8),
        ("Food Storage", "Storage Set", "FS", 12, 60, 0.9, 0.5)]),
    "Home Comfort": (0.62, 0.8, [
        ("Air Purifiers", "Air Purifier", "AP", 120, 650, 1.1, 0.7),
        ("Humidifiers", "Humidifier", "HM", 40, 220, 0.7, 0.3),
        ("Dehumidifiers", "Dehumidifier", "DH", 150, 420, 0.5, 0.3),
        ("Fans & Heaters", "Fan Heater", "FH", 35, 180, 0.8, 0.4)]),
    "Beauty Devices": (0.40, 0.8, [
        ("Hair Dryers", "Hair Dryer", "HD", 45, 380, 1.2, 1.0),
        ("Hair Stylers", "Hair Styler", "HS", 40, 300, 0.9, 0.8),
        ("LED Face Masks", "LED Mask", "LM", 150, 600, 0.6, 0.4),
        ("Facial Cleansing", "Facial Brush", "FC", 30, 180, 0.8, 0.4)]),
    "Personal Care": (0.50, 0.8, [
        ("Electric Toothbrushes", "Sonic Toothbrush", "TB", 30, 220, 1.0, 0.3),
        ("Shavers & Trimmers", "Shaver", "SV", 40, 260, 0.8, 0.3),
        ("Massagers", "Massager", "MS", 50, 400, 0.6, 0.4)]),
    "Commercial Kitchen": (0.70, 0.35, [
        ("Commercial Rice Cookers", "Commercial Rice Cooker", "CR", 300, 1500, 0.05, 1.4),
        ("Commercial Blenders", "Commercial Blender", "CB", 250, 1200, 0.05, 1.0),
        ("Warming & Holding", "Food Warmer", "FW", 200, 900, 0.03, 0.8),
        ("Commercial Cookware", "Commercial Pan", "CP", 60, 300, 0.1, 1.2)]),
    "Spare Parts & Consumables": (0.42, 3.0, [
        ("Filters", "Replacement Filter", "FL", 12, 90, 1.0, 1.2),
        ("Inner Pots & Blades", "Inner Pot", "IP", 15, 80, 0.6, 0.9),
        ("Gaskets & Seals", "Gasket Set", "GS", 5, 30, 0.4, 1.0),
        ("Motors & Heating Elements", "Heating Element", "HE", 20, 150, 0.2, 1.0)]),
}  # fmt: skip
SERIES = ("Onda", "Sori", "Maru", "Nuri", "Bada", "Haneul", "Dana", "Smart", "Mini", "Grand", "Eco", "Pure")
PRO_SERIES = ("Pro", "Chef", "Master", "Titan", "Hanbit Pro")

SEGMENTS = ("Consumer", "Professional", "Small business", "Mid-market", "Enterprise")
SEG_TYPE = np.array([0, 0, 1, 1, 1])  # 0 = B2C, 1 = B2B
SEG_SHARE = np.array([0.80, 0.20, 0.62, 0.29, 0.09])  # within the customer type
SEG_RATE = np.array([1.0, 2.0, 2.0, 3.5, 5.5])  # relative order frequency
SEG_RATE_SIGMA = np.array([0.75, 0.7, 0.6, 0.55, 0.5])
SEG_EXTRA_LINES = np.array([1.2, 1.6, 2.5, 3.5, 5.0])  # lines per order - 1 (Poisson mean)
SEG_QTY = np.array([0.0, 0.0, 1.2, 2.2, 4.0])  # B2B units per line (before category factor)
SEG_LIFETIME = np.array([3.2, 3.5, 5.0, 6.5, 9.0])  # mean years until a customer lapses
SEG_DISCOUNT = np.array([0.0, 0.0, 0.03, 0.08, 0.12])  # B2B contract discount
B2B_SHARE = 0.15
PRE_HISTORY_SHARE = (0.45, 0.55)  # customers who signed up before the history (B2C, B2B)

OCCUPATIONS = ("Office worker", "Engineer", "IT professional", "Teacher", "Healthcare worker", "Civil servant",
               "Sales & service", "Self-employed", "Homemaker", "Creative professional", "Student", "Retired",
               "Chef / cook", "Hair stylist", "Beautician", "Caterer", "Baker")  # fmt: skip
OCCUPATION_P = {  # by age band, then the Professional segment
    "young": [0.2, 0.02, 0.1, 0, 0.02, 0, 0.15, 0.03, 0, 0.03, 0.45, 0, 0, 0, 0, 0, 0],
    "adult": [0.25, 0.1, 0.08, 0.07, 0.08, 0.06, 0.12, 0.09, 0.1, 0.05, 0, 0, 0, 0, 0, 0, 0],
    "senior": [0.1, 0.02, 0, 0.02, 0.02, 0.02, 0.03, 0.14, 0.12, 0.03, 0, 0.5, 0, 0, 0, 0, 0],
    "pro": [0, 0, 0, 0, 0, 0, 0, 0.05, 0, 0, 0, 0, 0.3, 0.2, 0.2, 0.12, 0.13],
}
INDUSTRIES = {  # industry: (weight, words for company names)
    "Hospitality": (0.16, ("Hotels", "Hospitality", "Resorts", "Inn Group")),
    "Food service": (0.20, ("Catering", "Kitchens", "Food Service", "Bistro Group")),
    "Retail": (0.16, ("Home Store", "Retail", "Living", "Department Store")),
    "Beauty & wellness": (0.12, ("Beauty", "Spa & Wellness", "Salon Group", "Aesthetics")),
    "Healthcare": (0.07, ("Clinic", "Medical", "Care Homes")),
    "Education": (0.05, ("Academy", "Culinary School", "Campus Services")),
    "Office & facilities": (0.06, ("Facility Services", "Office Solutions", "Property Management")),
    "Manufacturing": (0.08, ("Industries", "Manufacturing", "Components", "Engineering")),
    "Wholesale trade": (0.10, ("Trading", "Wholesale", "Distribution", "Import & Export")),
}

PARTNER_TYPES = ("Distributor", "Agent", "Reseller", "Subcontractor")
PARTNER_TYPE_P = (0.4, 0.2, 0.3, 0.1)
PARTNER_WORDS = (("Distribution", "Trading", "Import", "Supply"), ("Agencies", "Representation", "Commerce"),
                 ("Home Store", "Retail", "Living", "Appliance Shop"), ("Technical Services", "Service Center"))  # fmt: skip
TIERS = ("Platinum", "Gold", "Silver", "Bronze")
TIER_SHARE = (0.12, 0.28, 0.35, 0.25)
TIER_DISCOUNT = np.array([0.32, 0.30, 0.27, 0.25])
STAGES = ("new", "growing", "mature", "declining", "churned")
NEW, GROWING, MATURE, DECLINING, CHURNED = range(5)
STAGE_SHARE = (0.16, 0.2, 0.32, 0.18, 0.14)

SEGMENT_DEFS = [  # segment_id, name, customer type, description
    (1, "Consumers", "B2C", "Private customers (segment Consumer)"),
    (2, "Professionals", "B2C", "Chefs, stylists and other professionals buying as individuals"),
    (3, "Small business", "B2B", "Business customers, segment Small business"),
    (4, "Mid-market", "B2B", "Business customers, segment Mid-market"),
    (5, "Enterprise", "B2B", "Business customers, segment Enterprise"),
    (6, "Lapsed customers", None, "Ordered before, but not in the 180 days before the campaign start"),
    (7, "B2B customers", "B2B", "All business customers"),
]
LAPSED_SEGMENT, B2B_SEGMENT = 6, 7

# month, day, days, name, objective, channel, segment_id, regions, incremental conversion
CAMPAIGNS = [
    (1, 8, 21, "Lunar New Year Gift Sale", "Seasonal promotion", EMAIL, 1, ("Asia",), 0.10),
    (2, 20, 28, "Ambiente Follow-up: Pro Kitchen", "Up-sell", FAIR, 4, None, 0.12),
    (3, 10, 28, "Spring Kitchen Refresh", "Cross-sell", EMAIL, None, None, 0.08),
    (4, 15, 21, "Filter Replacement Reminder", "Retention", APP, None, None, 0.09),
    (5, 1, 21, "Family Month Beauty Week", "Seasonal promotion", EMAIL, 1, None, 0.09),
    (6, 10, 28, "Summer Cooling Days", "Seasonal promotion", EMAIL, None, None, 0.08),
    (7, 15, 30, "We Miss You", "Reactivation", EMAIL, LAPSED_SEGMENT, None, 0.07),
    (8, 25, 35, "IFA Pro Line Preview", "Up-sell", FAIR, 5, None, 0.14),
    (9, 5, 14, "Chuseok Gift Sets", "Seasonal promotion", APP, None, ("Asia",), 0.09),
    (10, 1, 30, "Salon & Studio Upgrade", "Cross-sell", EMAIL, 2, None, 0.10),
    (11, 17, 14, "Black Friday", "Seasonal promotion", EMAIL, None, None, 0.10),
    (11, 20, 52, "Year-end Restock for Business", "Retention", PHONE, B2B_SEGMENT, None, 0.12),
    (12, 20, 28, "New Year Early Bird", "Loyalty", APP, 2, None, 0.09),
]
# per campaign channel: delivered, opened, clicked | opened, cost per contact range, fixed cost range
CONTACT_CHANNEL = {
    EMAIL: (0.97, 0.32, 0.22, (0.04, 0.12), (1500, 6000)),
    APP: (0.99, 0.45, 0.25, (0.01, 0.03), (1000, 4000)),
    FAIR: (0.90, 0.70, 0.40, (35.0, 80.0), (40000, 120000)),
    PHONE: (0.72, 0.90, 0.45, (2.5, 6.0), (2000, 8000)),
}
OWNERS = {  # sales reps by region
    "Asia": ("Park Ji-hoon", "Choi Yu-na", "Kim Tae-woo"),
    "Europe": ("Anna Schmidt", "Lukas Becker", "Claire Dubois"),
    "North America": ("Emily Carter", "Daniel Brooks"),
    "Latin America": ("Carlos Mendoza",),
    "Middle East & Africa": ("Omar Haddad",),
    "Oceania": ("Lee Soo-min",),
}
OPEN_STAGES = ("Prospecting", "Qualification", "Proposal", "Negotiation")
TICKET_CATEGORIES = ("Product defect", "Delivery", "Installation & usage", "Billing & invoice", "Return & exchange",
                     "Warranty claim", "Spare parts")  # fmt: skip
TICKET_CATEGORY_P = (0.24, 0.18, 0.17, 0.09, 0.12, 0.12, 0.08)
# probability that a ticket rated 1..5 (index 0: unrated) ends the customer's buying
CHURN_AFTER_TICKET = np.array([0.08, 0.8, 0.65, 0.25, 0.03, 0.0])
SOURCES = ("organic", "paid", "email", "social", "direct", "marketplace")
SOURCE_P = {  # per session channel
    WEB: (0.34, 0.24, 0.08, 0.12, 0.22, 0.0),
    APP: (0.05, 0.10, 0.10, 0.15, 0.60, 0.0),
    MARKET: (0.0, 0.15, 0.0, 0.05, 0.05, 0.75),
    EMAIL: (0.0, 0.0, 1.0, 0.0, 0.0, 0.0),
}
DEVICES = ("desktop", "mobile", "tablet")

# Seasonality: Q4 peak (Black Friday, year end) and a summer dip for consumers;
# trade-fair months (Ambiente Feb, spring fairs Mar, IFA Sep, Canton Oct) for businesses.
B2C_MONTH = np.array([0.92, 0.85, 0.93, 0.95, 1.02, 0.93, 0.80, 0.82, 1.00, 1.02, 1.30, 1.40])
B2B_MONTH = np.array([0.85, 1.10, 1.22, 1.02, 1.00, 0.98, 0.82, 0.72, 1.22, 1.25, 1.08, 0.74])
FAIR_MONTHS = np.array([2, 3, 9, 10])
B2C_DOW = np.array([0.93, 0.95, 0.95, 0.97, 1.0, 1.12, 1.08])
B2B_DOW = np.array([1.05, 1.1, 1.1, 1.08, 1.0, 0.15, 0.05])
B2C_HOURS = np.array([1, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2, 2.5, 3, 3.3, 3.5, 3.2, 3, 3, 3.2, 3.5, 4, 4.8, 5.3, 5, 3.8, 2.2])  # fmt: skip
B2B_HOURS = np.array([0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 1.5, 4, 6, 6, 5.5, 3.5, 5, 5.5, 5, 4, 2.5, 1, 0.5, 0.3, 0.2, 0.15, 0.1])  # fmt: skip
UPLIFT = 2.0  # multiplies the campaigns' incremental conversion
FOLLOW_UPS = 1.2  # extra orders in the 90 days after a target contact converts (Poisson mean)
CAMPAIGN_BASKET = 1.8  # B2B quantities on campaign orders (consumers add a unit to most lines)
DENSITY_GROWTH = 0.06  # yearly growth of every customer's order intensity (log)
PARTNER_ROUTE = 0.8  # share of a partner customer's orders that go through the partner, at its lowest demand
WRITE_CHUNK = 2_000_000  # rows per insert of the big fact tables
LINES_ADJUST = 0.905  # base lines vs. the target: thinning, campaign orders and returns even out


# ---------------------------------------------------------------- calendar and sampling


@dataclass(frozen=True)
class Calendar:
    """The history (3 years to ``end``) with per-day order intensities."""

    start: dt.date
    end: dt.date
    n_days: int
    month: np.ndarray  # 1..12 per day
    month_index: np.ndarray  # months since the start's month, per day
    cum: tuple[np.ndarray, np.ndarray]  # cumulative order intensity (B2C, B2B), n_days + 1, in years

    @property
    def end_s(self) -> int:
        """Seconds from the start to the end of the last day (exclusive)."""
        return self.n_days * DAY

    @property
    def epoch_s(self) -> int:
        return (self.start - dt.date(1970, 1, 1)).days * DAY


def history_start(end: dt.date) -> dt.date:
    """First day of the three full years that end on ``end``."""
    try:
        before = end.replace(year=end.year - 3)
    except ValueError:  # 29 February
        before = end.replace(year=end.year - 3, day=28)
    return before + dt.timedelta(days=1)


def make_calendar(end: dt.date) -> Calendar:
    start = history_start(end)
    n = (end - start).days + 1
    days = np.datetime64(start, "D") + np.arange(n)
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dom = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    dow = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    growth = np.exp(DENSITY_GROWTH * np.arange(n) / 365.25)
    b2c = B2C_MONTH[month - 1] * B2C_DOW[dow] * growth
    b2c[(month == 11) & (dom >= 20)] *= 1.5  # Black Friday and 11.11 aftermath
    b2b = B2B_MONTH[month - 1] * B2B_DOW[dow] * growth
    cums = []
    for density in (b2c, b2b):
        cum = np.concatenate([[0.0], np.cumsum(density)])
        cums.append(cum * (n / 365.25) / cum[-1])  # an average day weighs 1/365.25 year
    month_index = days.astype("datetime64[M]").astype(np.int64) - np.datetime64(start, "M").astype(np.int64)
    return Calendar(start, end, n, month, month_index, (cums[0], cums[1]))


def _days_between(rng, cum: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """One day per row in [lo, hi), following the intensity whose cumulative is ``cum``."""
    u = cum[lo] + rng.random(len(lo)) * (cum[hi] - cum[lo])
    return np.clip(np.searchsorted(cum, u, side="right") - 1, lo, hi - 1)


def _seconds_of_day(rng, n: int, hours: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(hours)
    hour = np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right")
    return hour * 3600 + rng.integers(0, 3600, n)


def _draw(rng, cdf: np.ndarray, n: int) -> np.ndarray:
    """Indices drawn with the weights whose cumulative sum is ``cdf``."""
    return np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right")


def _draw_rows(rng, p: np.ndarray) -> np.ndarray:
    """One column index per row of the weight matrix ``p``."""
    cdf = np.cumsum(p, axis=1)
    u = rng.random(len(p)) * cdf[:, -1]
    return np.minimum((u[:, None] >= cdf).sum(axis=1), p.shape[1] - 1)


def _slug(text: str) -> str:
    ascii_text = text.lower().translate(_TRANSLIT)
    return "".join(ch for ch in ascii_text if ch.isascii() and ch.isalnum())


_TRANSLIT = str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss", "é": "e", "è": "e", "á": "a", "í": "i",
                           "ó": "o", "ú": "u", "ñ": "n", "ç": "c", "ã": "a", "ł": "l", "ś": "s", "ć": "c", "ń": "n",
                           "ę": "e", "ą": "a", "ż": "z", "ź": "z", "š": "s", "č": "c", "ř": "r", "ý": "y", "ě": "e",
                           "å": "a", "ğ": "g", "ı": "i", "ş": "s"})  # fmt: skip


# ---------------------------------------------------------------- dimensions


def make_products(rng, cal: Calendar) -> SimpleNamespace:
    """~300 products in 7 categories; a fifth launched during the history."""
    rows = []
    for cat_i, (category, (cost_share, qty_factor, subcats)) in enumerate(CATALOG.items()):
        for subcategory, item, prefix, lo, hi, w_b2c, w_b2b in subcats:
            n = int(rng.integers(9, 14))
            numbers = np.sort(rng.choice(np.arange(10, 99), n, replace=False)) * 10
            series = rng.choice(PRO_SERIES if category == "Commercial Kitchen" else SERIES, n)
            price = np.exp(rng.uniform(math.log(lo), math.log(hi), n))
            price = np.maximum(np.round(price) - 0.01, 0.99)
            share = np.clip(cost_share * rng.uniform(0.88, 1.12, n), 0.40, 0.75)
            popularity = rng.lognormal(0.0, 0.8, n)
            for i in range(n):
                rows.append((f"{series[i]} {item} {prefix}-{numbers[i]}", category, subcategory, price[i],
                             round(price[i] * share[i], 2), f"HB-{prefix}{numbers[i]}", cat_i, qty_factor,
                             w_b2c * popularity[i], w_b2b * popularity[i]))  # fmt: skip
    p = len(rows)
    cols = list(zip(*rows, strict=True))
    launched_during = rng.random(p) < 0.2
    launch_day = np.where(launched_during, rng.integers(30, cal.n_days - 90, p), -rng.integers(60, 3000, p))
    weights = np.array([cols[8], cols[9]])
    return SimpleNamespace(
        n=p, name=np.array(cols[0], dtype=object), category=np.array(cols[1], dtype=object),
        subcategory=np.array(cols[2], dtype=object), price=np.array(cols[3]), cost=np.array(cols[4]),
        sku=np.array(cols[5], dtype=object), cat=np.array(cols[6]), qty_factor=np.array(cols[7]),
        launch_day=launch_day, cdf=np.cumsum(weights, axis=1),
        cdf_old=np.cumsum(np.where(launch_day < 0, weights, 0.0), axis=1),
    )  # fmt: skip


def make_partners(rng, cal: Calendar) -> SimpleNamespace:
    """Distributors, agents, resellers and subcontractors, each with a planted lifecycle."""
    country = np.repeat(np.arange(len(COUNTRIES)), [c.partners for c in COUNTRIES])
    p = len(country)
    counts = np.round(np.array(STAGE_SHARE) * p).astype(int)
    counts[MATURE] += p - counts.sum()
    stage = np.repeat(np.arange(5), counts)[rng.permutation(p)]
    ptype = rng.choice(4, p, p=PARTNER_TYPE_P)
    size = rng.lognormal(0.0, 0.6, p) * np.where(stage == NEW, 0.6, 1.0)  # pull on customers
    n = cal.n_days
    onboard = np.select(
        [stage == NEW, stage == GROWING, stage == CHURNED],
        [rng.integers(n - 330, n - 45, p), rng.integers(-500, 250, p), rng.integers(-2500, -300, p)],
        rng.integers(-3650, -500, p),
    )
    churn = np.where(stage == CHURNED, rng.integers(n - 450, n - 200, p), NEVER)
    names, used = [], set()
    for i in range(p):
        c = COUNTRIES[country[i]]
        loc = LOCALES[c.locale]
        while True:
            stem = rng.choice(loc.last) if rng.random() < 0.6 else rng.choice(c.cities)
            name = f"{stem} {rng.choice(PARTNER_WORDS[ptype[i]])} {rng.choice(loc.legal)}"
            if name not in used:
                break
        used.add(name)
        names.append(name)
    return SimpleNamespace(
        n=p,
        country=country,
        stage=stage,
        ptype=ptype,
        size=size,
        onboard_day=onboard,
        churn_day=churn,
        name=np.array(names, dtype=object),
    )


def make_customers(rng, cal: Calendar, n: int, partners: SimpleNamespace) -> SimpleNamespace:
    """Customers with their dimension attributes and hidden buying behaviour."""
    b2b = rng.random(n) < B2B_SHARE
    ctype = b2b.astype(np.int8)
    seg = np.where(b2b, rng.choice([2, 3, 4], n, p=SEG_SHARE[2:] / SEG_SHARE[2:].sum()),
                   np.where(rng.random(n) < SEG_SHARE[1], 1, 0))  # fmt: skip
    weights = np.array([c.weight for c in COUNTRIES])
    country = rng.choice(len(COUNTRIES), n, p=weights / weights.sum())
    if n >= 2 * len(COUNTRIES):  # every country has customers, even at tiny scales
        country[rng.choice(n, len(COUNTRIES), replace=False)] = np.arange(len(COUNTRIES))
    city_names = [city for c in COUNTRIES for city in c.cities]
    city_offset = np.cumsum([0] + [len(c.cities) for c in COUNTRIES])[:-1]
    city_u = rng.random(n)
    city = np.empty(n, dtype=np.int64)
    for ci, c in enumerate(COUNTRIES):
        m = country == ci
        w = np.array([0.45, 0.25, 0.18, 0.12][: len(c.cities)])
        city[m] = city_offset[ci] + np.searchsorted(np.cumsum(w / w.sum()), city_u[m], side="right").clip(
            0, len(c.cities) - 1
        )

    # signups: about half before the history, the rest arriving every month (more later on)
    pre = rng.random(n) < np.where(b2b, PRE_HISTORY_SHARE[1], PRE_HISTORY_SHARE[0])
    signup = np.empty(n, dtype=np.int64)
    signup[pre] = -rng.integers(1, 7 * 365, pre.sum())
    for t in (0, 1):
        m = ~pre & (ctype == t)
        signup[m] = _days_between(rng, cal.cum[t], np.zeros(m.sum(), np.int64), np.full(m.sum(), cal.n_days))
    opt_in = rng.random(n) < np.where(b2b, 0.78, 0.62)

    # partners serve some customers in their countries (businesses more often)
    partner = np.full(n, -1, dtype=np.int64)
    serve_u, pick_u = rng.random(n), rng.random(n)
    for ci in np.unique(partners.country):
        ids = np.flatnonzero(partners.country == ci)
        m = (country == ci) & (serve_u < np.where(b2b, 0.55, 0.3))
        w = partners.size[ids]
        partner[m] = ids[np.searchsorted(np.cumsum(w / w.sum()), pick_u[m], side="right").clip(0, len(ids) - 1)]

    # tiers by the number of customers served: the top 12% Platinum, then Gold, Silver, Bronze
    served = np.bincount(partner[partner >= 0], minlength=partners.n) * (1 + 2 * (partners.stage != NEW))
    rank = np.empty(partners.n, dtype=np.int64)
    rank[_sorted_by(served.max() - served)] = np.arange(partners.n)
    partners.tier = np.searchsorted(np.cumsum(TIER_SHARE) * partners.n, rank, side="right")

    # hidden behaviour
    sigma = SEG_RATE_SIGMA[seg]
    rate = SEG_RATE[seg] * rng.lognormal(-(sigma**2) / 2, sigma)
    qty = SEG_QTY[seg] * rng.lognormal(0.0, 0.35, n)
    # lifetimes are memoryless: customers from before the history have theirs counted from its start
    lapse = np.maximum(signup, 0) + np.round(rng.exponential(SEG_LIFETIME[seg]) * 365.25).astype(np.int64)
    affinity = rng.normal(0.0, 1.0, n)
    cust = SimpleNamespace(
        n=n, ctype=ctype, seg=seg, country=country,
        city=city, city_names=np.array(city_names, dtype=object), signup_day=signup, opt_in=opt_in, partner=partner,
        rate=rate, qty=qty, lapse_day=lapse, affinity=affinity, app_user=(ctype == 0) & (affinity > -0.3),
    )  # fmt: skip
    _describe_people(rng, cal, cust)
    return cust


def _pool(key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flattened name pools per locale: values, offsets, sizes (locale order of LOCALES)."""
    lists = [getattr(loc, key) for loc in LOCALES.values()]
    values = np.array([v for values in lists for v in values], dtype=object)
    sizes = np.array([len(v) for v in lists])
    return values, np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes


def _pick(rng, pool, locale: np.ndarray) -> np.ndarray:
    values, offsets, sizes = pool
    return offsets[locale] + (rng.random(len(locale)) * sizes[locale]).astype(np.int64)


def _describe_people(rng, cal: Calendar, cust: SimpleNamespace) -> None:
    """Names, e-mails, companies, gender, birth year, occupation, industry."""
    n, b2b = cust.n, cust.ctype == 1
    locale_ids = {name: i for i, name in enumerate(LOCALES)}
    locale = np.array([locale_ids[c.locale] for c in COUNTRIES])[cust.country]
    female = rng.random(n) < 0.56
    f_pool, m_pool, l_pool = _pool("female"), _pool("male"), _pool("last")
    fi, mi, li = _pick(rng, f_pool, locale), _pick(rng, m_pool, locale), _pick(rng, l_pool, locale)
    first = np.where(female, f_pool[0][fi], m_pool[0][mi])
    last = l_pool[0][li]
    slug = np.vectorize(_slug, otypes=[object])
    first_slug = np.where(female, slug(f_pool[0])[fi], slug(m_pool[0])[mi])
    last_slug = slug(l_pool[0])[li]
    family_first = np.array([loc.family_first for loc in LOCALES.values()])[locale]
    person = np.where(family_first, last + " " + first, first + " " + last)

    industry_names = list(INDUSTRIES)
    iw = np.array([w for w, _ in INDUSTRIES.values()])
    industry = rng.choice(len(industry_names), n, p=iw / iw.sum())
    words = np.array([w for _, ws in INDUSTRIES.values() for w in ws], dtype=object)
    w_sizes = np.array([len(ws) for _, ws in INDUSTRIES.values()])
    w_offsets = np.concatenate([[0], np.cumsum(w_sizes)[:-1]])
    word_idx = w_offsets[industry] + (rng.random(n) * w_sizes[industry]).astype(np.int64)
    word = words[word_idx]
    city_stem = rng.random(n) < 0.35
    stem = np.where(city_stem, cust.city_names[cust.city], last)
    stem_slug = np.where(city_stem, slug(cust.city_names)[cust.city], last_slug) + slug(words)[word_idx]
    legal_pool = _pool("legal")
    legal = legal_pool[0][_pick(rng, legal_pool, locale)]
    company = stem + " " + word + " " + legal

    d_pool = _pool("domains")
    domain = d_pool[0][_pick(rng, d_pool, locale)]
    tld = np.array([c.tld for c in COUNTRIES], dtype=object)[cust.country]
    ids = (np.arange(n) + 1).astype(str).astype(object)
    email_b2c = first_slug + "." + last_slug + ids + "@" + domain
    email_b2b = first_slug + "." + last_slug + ids + "@" + stem_slug + tld
    cust.name = np.where(b2b, company, person)
    cust.company = np.where(b2b, company, None)
    cust.email = np.where(b2b, email_b2b, email_b2c)
    cust.gender = np.where(b2b, None, np.where(female, "F", "M"))
    birth = np.clip(np.round(rng.normal(1984, 13, n)), 1940, cal.end.year - 18).astype(np.int64)
    cust.birth_year = np.where(b2b, -1, birth)
    age = cal.end.year - birth
    band = np.select([cust.seg == 1, age <= 25, age >= 63], [3, 0, 2], 1)
    probs = np.array([OCCUPATION_P[k] for k in ("young", "adult", "senior", "pro")], dtype=float)
    probs /= probs.sum(axis=1, keepdims=True)
    occupation = _draw_rows(rng, probs[band])
    cust.occupation = np.where(b2b, None, np.array(OCCUPATIONS, dtype=object)[occupation])
    cust.industry = np.where(b2b, np.array(industry_names, dtype=object)[industry], None)


# ---------------------------------------------------------------- orders and lines


def plan_partner_shares(cal: Calendar, cust, partners, ci: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Per partner and month, the share of its customers' orders placed through it: the planted lifecycle.

    The share follows the stage's curve (mature flat, growing rising, declining falling
    over the last year, new ramping up) divided by the partner's own 12-month mean
    demand, so the partner's sales follow the curve whatever its customers do.
    """
    n_months = int(cal.month_index[-1]) + 1
    month = cal.month_index[np.clip(day, 0, cal.n_days - 1)]
    pid = cust.partner[ci]
    has = pid >= 0
    demand = np.bincount(pid[has] * n_months + month[has], minlength=partners.n * n_months)
    demand = demand.reshape(partners.n, n_months).astype(float)
    padded = np.concatenate([np.zeros((partners.n, 1)), np.cumsum(demand, axis=1)], axis=1)
    lo = np.clip(np.arange(n_months) - 6, 0, max(n_months - 12, 0))
    hi = np.minimum(lo + 12, n_months)
    smooth = (padded[:, hi] - padded[:, lo]) / (hi - lo)  # mean of the 12 months around: no seasonality
    mid = (np.searchsorted(cal.month_index, np.arange(n_months)) + 15)[None, :]  # a day inside each month
    n, stage, on = cal.n_days, partners.stage[:, None], partners.onboard_day[:, None]
    curve = np.ones((partners.n, n_months))
    curve = np.where(stage == GROWING, 0.15 + 0.85 * np.clip(mid / n, 0, 1), curve)
    curve = np.where(stage == DECLINING, 1 - 0.7 * np.clip((mid - (n - 365)) / 365, 0, 1), curve)
    curve = np.where(stage == NEW, 0.5 + 0.5 * np.clip((mid - on) / np.maximum(n - on, 1), 0, 1), curve)
    positive = smooth > 0
    floor = np.where(positive, smooth, np.inf).min(axis=1, keepdims=True)
    share = np.where(positive, PARTNER_ROUTE * curve * floor / np.where(positive, smooth, 1.0), 0.0)
    return np.minimum(share, 0.95)


def assign_channels(rng, cal: Calendar, cust, partners, ci: np.ndarray, day: np.ndarray):
    """Channel and partner of orders (customer ``ci`` on ``day``); online rises over time."""
    n = len(ci)
    t = np.maximum(day, -730) / 365.25
    b2b = cust.ctype[ci] == 1
    pid = cust.partner[ci]
    share = np.zeros(n)
    has = np.flatnonzero(pid >= 0)
    p, d = pid[has], day[has]
    active = (d >= partners.onboard_day[p]) & (d < partners.churn_day[p])
    share[has] = np.where(active, partners.share[p, cal.month_index[np.clip(d, 0, cal.n_days - 1)]], 0.0)
    routed = rng.random(n) < share
    base = np.clip(np.where(b2b, 0.31 + 0.09 * t, 0.50 + 0.06 * t), 0.03, 0.97)
    p_online = 1 / (1 + np.exp(-(np.log(base / (1 - base)) + cust.affinity[ci])))
    online = rng.random(n) < p_online
    x = np.clip(t / 3, -0.5, 1.0)
    w_b2c = np.column_stack([0.45 - 0.1 * x, 0.2 + 0.15 * x, np.full(n, 0.25), np.full(n, 0.1)])
    w_online = np.where(b2b[:, None], np.array([[0.72, 0.05, 0.13, 0.10]]), w_b2c)
    online_ch = np.array([WEB, APP, MARKET, EMAIL])[_draw_rows(rng, w_online)]
    month = cal.month[np.clip(day, 0, cal.n_days - 1)]
    fair_p = np.where(b2b, np.where(np.isin(month, FAIR_MONTHS), 0.65, 0.3), 0.15)
    offline_ch = np.where(rng.random(n) < fair_p, FAIR, PHONE)
    channel = np.where(routed, PARTNER, np.where(online, online_ch, offline_ch))
    return channel, np.where(routed, pid, -1)


def make_base_orders(rng, cal: Calendar, cust, partners, target_lines: float):
    """Orders in each customer's active window, calibrated to ``target_lines`` order lines.

    Most customers who sign up during the history buy on their signup day, through
    their acquisition channel; later orders follow the seasonal, growing intensity.
    Plans the partners' shares (``partners.share``); returns the orders and every
    customer's acquisition channel and partner.
    """
    n, b2b = cust.n, cust.ctype == 1
    lo = np.maximum(cust.signup_day, 0)
    hi = np.clip(cust.lapse_day, lo, cal.n_days)
    cum = np.stack(cal.cum)
    exposure = cum[cust.ctype, hi] - cum[cust.ctype, lo]
    first = (cust.signup_day >= 0) & (rng.random(n) < np.where(b2b, 0.5, 0.7))
    lines_per_order = 1 + SEG_EXTRA_LINES[cust.seg]
    rest = max(target_lines - (first * lines_per_order).sum(), 0.0)
    k = rest / max((cust.rate * exposure * lines_per_order).sum(), 1e-9)
    ci = np.repeat(np.arange(n), rng.poisson(k * cust.rate * exposure))
    day = np.empty(len(ci), dtype=np.int64)
    for t in (0, 1):
        m = cust.ctype[ci] == t
        day[m] = _days_between(rng, cal.cum[t], lo[ci[m]], hi[ci[m]])
    partners.share = plan_partner_shares(cal, cust, partners, ci, day)
    acquisition = assign_channels(rng, cal, cust, partners, np.arange(n), cust.signup_day)
    channel, partner = assign_channels(rng, cal, cust, partners, ci, day)
    fi = np.flatnonzero(first)
    ci, day = np.concatenate([ci, fi]), np.concatenate([day, cust.signup_day[fi]])
    channel = np.concatenate([channel, acquisition[0][fi]])
    partner = np.concatenate([partner, acquisition[1][fi]])
    orders = SimpleNamespace(
        cust=ci, ts=_at_hours(rng, cust, ci, day), channel=channel, partner=partner,
        campaign=np.full(len(ci), -1), kind=np.zeros(len(ci), dtype=np.int8),
    )  # fmt: skip
    return orders, acquisition


def _at_hours(rng, cust, ci: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Seconds since the start: ``day`` at a time typical for the customer's type (offices, evenings)."""
    b2b = _seconds_of_day(rng, len(ci), B2B_HOURS)
    b2c = _seconds_of_day(rng, len(ci), B2C_HOURS)
    return day * DAY + np.where(cust.ctype[ci] == 1, b2b, b2c)


def order_discounts(rng, cal: Calendar, cust, partners, orders) -> np.ndarray:
    """Order-level discount: consumer promotions (more in Nov/Dec), B2B contracts, partner margins."""
    n = len(orders.cust)
    seg = cust.seg[orders.cust]
    month = cal.month[np.clip(orders.ts // DAY, 0, cal.n_days - 1)]
    promo_p = np.where(np.isin(month, [11, 12]), 0.45, 0.15) + np.where(orders.channel == MARKET, 0.1, 0.0)
    promo = np.where(rng.random(n) < promo_p, rng.choice([0.05, 0.10, 0.15, 0.20], n, p=[0.3, 0.35, 0.25, 0.1]), 0.0)
    contract = SEG_DISCOUNT[seg] + np.where(rng.random(n) < 0.2, 0.05, 0.0)
    discount = np.where(SEG_TYPE[seg] == 1, contract, promo)
    via_partner = orders.partner >= 0
    tier = partners.tier[np.where(via_partner, orders.partner, 0)]
    return np.where(via_partner, TIER_DISCOUNT[tier], discount)


def _pick_products(rng, products, ctype: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Products by popularity per customer type, never before their launch."""
    product = np.empty(len(ctype), dtype=np.int64)
    todo = np.arange(len(ctype))
    for attempt in range(5):
        cdf = products.cdf if attempt < 4 else products.cdf_old
        for t in (0, 1):
            sub = todo[ctype[todo] == t]
            product[sub] = _draw(rng, cdf[t], len(sub))
        todo = todo[products.launch_day[product[todo]] > day[todo]]
        if len(todo) == 0:
            break
    return product


# Bought together: a later line of an order is often a companion of the first line's product
# (a purifier and its filters, a rice cooker and a spare inner pot), so basket analysis has real
# pairs to find beyond what customer type alone explains.
COMPANIONS = {
    "Air Purifiers": "Filters",
    "Humidifiers": "Filters",
    "Dehumidifiers": "Filters",
    "Rice Cookers": "Inner Pots & Blades",
    "Blenders & Juicers": "Inner Pots & Blades",
    "Commercial Rice Cookers": "Gaskets & Seals",
    "Commercial Blenders": "Motors & Heating Elements",
    "Induction Cooktops": "Frying Pans",
    "Pots & Stockpots": "Food Storage",
    "Frying Pans": "Kitchen Knives",
    "Hair Dryers": "Hair Stylers",
    "Facial Cleansing": "LED Face Masks",
    "Electric Toothbrushes": "Shavers & Trimmers",
    "Commercial Cookware": "Warming & Holding",
}
COMPANION_P = 0.4


def _companions(rng, products, product: np.ndarray, first_line: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Swap some later lines for a companion of the order's first product (launched by then)."""
    out = product.copy()
    later = np.flatnonzero((first_line != np.arange(len(product))) & (rng.random(len(product)) < COMPANION_P))
    anchor_sub = products.subcategory[product[first_line[later]]]
    for source, target in COMPANIONS.items():
        rows = later[anchor_sub == source]
        pool = np.flatnonzero(products.subcategory == target)
        if len(rows) == 0 or len(pool) == 0:
            continue
        pick = pool[rng.integers(0, len(pool), len(rows))]
        ok = products.launch_day[pick] <= day[rows]
        out[rows[ok]] = pick[ok]
    return out


def make_lines(rng, cust, products, orders) -> SimpleNamespace:
    """Order lines: 1..N per order (businesses more), B2B quantities by size and category."""
    seg = cust.seg[orders.cust]
    n_lines = np.minimum(1 + rng.poisson(SEG_EXTRA_LINES[seg]), 40)
    starts = np.concatenate([[0], np.cumsum(n_lines)[:-1]]).astype(np.int64)
    oi = np.repeat(np.arange(len(n_lines)), n_lines)
    line_no = np.arange(len(oi)) - starts[oi] + 1
    lseg = seg[oi]
    b2b = SEG_TYPE[lseg] == 1
    product = _pick_products(rng, products, b2b.astype(np.int8), orders.ts[oi] // DAY)
    product = _companions(rng, products, product, starts[oi], orders.ts[oi] // DAY)
    qty_b2c = 1 + rng.poisson(np.where(lseg == 1, 0.5, 0.2))
    scale = cust.qty[orders.cust[oi]] * products.qty_factor[product]
    qty_b2b = np.maximum(1, np.rint(scale * rng.lognormal(0.0, 0.5, len(oi))))
    qty = np.where(b2b, qty_b2b, qty_b2c).astype(np.int64)
    discount = orders.discount[oi] + np.where(b2b & (qty >= 50) & (orders.partner[oi] < 0), 0.03, 0.0)
    discount = np.round(np.minimum(discount, 0.45), 2)
    return SimpleNamespace(order=oi, line_no=line_no, product=product, qty=qty, discount=discount)


def _take(ns: SimpleNamespace, idx) -> SimpleNamespace:
    return SimpleNamespace(**{k: v[idx] for k, v in vars(ns).items() if isinstance(v, np.ndarray)})


def _concat(parts: list[SimpleNamespace]) -> SimpleNamespace:
    keys = [k for k, v in vars(parts[0]).items() if isinstance(v, np.ndarray)]
    return SimpleNamespace(**{k: np.concatenate([vars(p)[k] for p in parts]) for k in keys})


# ---------------------------------------------------------------- service, campaigns, returns


def make_tickets(rng, cal: Calendar, cust, orders, lines):
    """Service tickets about orders; badly rated ones end the customer's later buying.

    Returns the tickets, the mask of orders kept and each customer's cut-off second.
    """
    b2b = cust.ctype[orders.cust] == 1
    src = np.flatnonzero(rng.random(len(b2b)) < np.where(b2b, 0.012, 0.03))
    opened = orders.ts[src] + ((0.5 + rng.exponential(10, len(src))) * DAY).astype(np.int64)
    inside = opened < cal.end_s
    src, opened = src[inside], opened[inside]
    nt = len(src)
    tcust = orders.cust[src]
    tb2b = cust.ctype[tcust] == 1
    starts = np.searchsorted(lines.order, src)
    n_lines = np.searchsorted(lines.order, src, side="right") - starts
    line = starts + (rng.random(nt) * n_lines).astype(np.int64)
    channel = np.where(
        tb2b,
        np.array([PHONE, EMAIL, FAIR, WEB])[rng.choice(4, nt, p=[0.45, 0.3, 0.15, 0.1])],
        np.array([PHONE, EMAIL, WEB, APP])[rng.choice(4, nt, p=[0.4, 0.25, 0.22, 0.13])],
    )
    category = rng.choice(len(TICKET_CATEGORIES), nt, p=TICKET_CATEGORY_P)
    hours = rng.lognormal(math.log(30), 1.0, nt) * np.where(rng.random(nt) < 0.08, 12.0, 1.0)  # escalations
    closed = opened + (hours * 3600).astype(np.int64)
    is_open = closed >= cal.end_s
    rated = ~is_open & (rng.random(nt) < 0.65)
    sat = rng.choice(5, nt, p=[0.07, 0.09, 0.16, 0.31, 0.37]) + 1
    sat = np.where((hours > 5 * 24) & (rng.random(nt) < 0.45), np.maximum(sat - 1, 1), sat)
    sat = np.where(rated, sat, 0)
    ends = rng.random(nt) < CHURN_AFTER_TICKET[sat] * np.where(tb2b, 0.5, 1.0)  # contracts hold businesses
    cut = np.full(cust.n, NEVER, dtype=np.int64)
    np.minimum.at(cut, tcust[ends], opened[ends])
    keep = orders.ts <= cut[orders.cust]
    alive = keep[src]  # a ticket about an order that no longer happened goes too
    tickets = SimpleNamespace(
        order=src, cust=tcust, opened=opened, closed=np.where(is_open, -1, closed), channel=channel,
        category=category, product=lines.product[line], sat=sat,
    )  # fmt: skip
    return _take(tickets, alive), keep, cut


def _campaign_list(cal: Calendar) -> list[tuple]:
    rows = []
    for year in range(cal.start.year, cal.end.year + 1):
        for month, day, days, name, objective, channel, segment, regions, uplift in CAMPAIGNS:
            start = dt.date(year, month, day)
            if cal.start <= start <= cal.end - dt.timedelta(days=10):
                end = start + dt.timedelta(days=days - 1)
                rows.append((f"{name} {year}", objective, channel, segment, regions, uplift, start, end))
    return sorted(rows, key=lambda r: (r[6], r[0]))


def make_campaigns(rng, cal: Calendar, cust, orders, cut: np.ndarray):
    """Campaigns with a random holdout: contacts, attribution and the planted uplift.

    Everyone contacted converts when they buy in the window anyway (the first order
    from the send time to the campaign end); target contacts also convert with an
    extra probability (incremental orders attributed to the campaign) and converted
    target contacts buy again in the next 90 days more often (follow-up orders); the
    caller also enlarges the baskets of attributed orders.
    """
    key = (orders.cust.astype(np.int64) << 32) | orders.ts
    by_time = _sorted_by(orders.ts)
    perm = by_time[_sorted_by(orders.cust[by_time])]  # by customer, then time
    skey = key[perm]
    attributed = np.full(len(key), -1, dtype=np.int64)
    country_region = np.array([REGIONS.index(c.region) for c in COUNTRIES])[cust.country]
    rows, contacts, extra, followups = [], [], [], []
    n_extra = 0
    for cid, (name, objective, channel, segment, regions, uplift, start, end) in enumerate(_campaign_list(cal), 1):
        s_day, e_day = (start - cal.start).days, (end - cal.start).days
        start_s, wend = s_day * DAY, min((e_day + 1) * DAY, cal.end_s)
        eligible = cust.signup_day < s_day
        if segment is not None and segment <= 5:
            eligible &= cust.seg == segment - 1
        elif segment == B2B_SEGMENT or channel in (FAIR, PHONE):
            eligible &= cust.ctype == 1
        if segment == LAPSED_SEGMENT:  # no order in the 180 days before the start
            before = np.arange(cust.n, dtype=np.int64) << 32
            idx = np.searchsorted(skey, before + start_s) - 1
            recent = (idx >= 0) & ((skey[np.maximum(idx, 0)] >> 32) == np.arange(cust.n))
            recent &= skey[np.maximum(idx, 0)] - before >= start_s - 180 * DAY
            eligible &= ~recent & (cust.signup_day < s_day - 180)
        if channel == EMAIL:
            eligible &= cust.opt_in
        elif channel == APP:
            eligible &= cust.app_user
        if regions:
            eligible &= np.isin(country_region, [REGIONS.index(r) for r in regions])
        share, holdout = rng.uniform(0.35, 0.85), float(rng.choice([0.1, 0.15, 0.2]))
        ci = np.flatnonzero(eligible & (rng.random(cust.n) < share))
        m = len(ci)
        control = rng.random(m) < holdout
        ref = start_s + rng.integers(0, 2, m) * DAY + 8 * 3600 + rng.integers(0, 10 * 3600, m)  # office hours
        base = ci.astype(np.int64) << 32
        idx = np.minimum(np.searchsorted(skey, base + ref), len(skey) - 1)
        organic = (skey[idx] >= base + ref) & (skey[idx] < base + wend)
        converted_ts = np.where(organic, skey[idx] - base, -1)
        converted_order = np.where(organic, perm[idx], -1)
        lapsed_ok = (cust.lapse_day[ci] * DAY > ref) | (objective == "Reactivation")
        inc_ts = _at_hours(rng, cust, ci, (ref + ((wend - ref) * rng.beta(1.0, 2.5, m)).astype(np.int64)) // DAY)
        inc_ts = np.where(inc_ts > ref, inc_ts, ref + rng.integers(600, 4 * 3600, m))  # same day, after the send
        inc = ~control & ~organic & lapsed_ok & (rng.random(m) < uplift * UPLIFT) & (inc_ts < wend) & (inc_ts < cut[ci])
        converted_ts = np.where(inc, inc_ts, converted_ts)
        converted_order = np.where(inc, -2 - (n_extra + np.cumsum(inc) - 1), converted_order)  # -2-i: i-th extra
        extra.append(SimpleNamespace(cust=ci[inc], ts=inc_ts[inc], channel=np.full(inc.sum(), channel),
                                     campaign=np.full(inc.sum(), cid)))  # fmt: skip
        n_extra += int(inc.sum())
        hits = converted_order[~control & organic]
        free = hits[attributed[hits] < 0]
        attributed[free] = cid
        converted = organic | inc
        # converted target contacts come back within 90 days more often
        again = ~control & converted
        k = rng.poisson(FOLLOW_UPS, again.sum())
        f_cust = np.repeat(ci[again], k)
        f_lo = np.repeat(converted_ts[again], k) + DAY
        f_hi = np.minimum(np.repeat(ref[again], k) + 90 * DAY, cal.end_s)
        f_day = (f_lo + (rng.random(len(f_lo)) * np.maximum(f_hi - f_lo, 0)).astype(np.int64)) // DAY
        f_ts = _at_hours(rng, cust, f_cust, f_day)
        ok = (f_hi > f_lo) & (f_ts >= f_lo - DAY) & (f_ts < cal.end_s) & (f_ts < cut[f_cust])
        followups.append(SimpleNamespace(cust=f_cust[ok], ts=f_ts[ok]))
        delivered_p, open_p, click_p, cpc_range, fixed_range = CONTACT_CHANNEL[channel]
        delivered = ~control & (rng.random(m) < delivered_p)
        opened = delivered & (rng.random(m) < np.where(converted, max(open_p, 0.75), open_p))
        clicked = opened & (rng.random(m) < np.where(converted, max(click_p, 0.6), click_p))
        u_open, u_click = rng.random(m), rng.random(m)
        open_ts = np.where(converted, ref + (u_open * 0.7 * (converted_ts - ref)).astype(np.int64),
                           ref + rng.exponential(8 * 3600, m).astype(np.int64))  # fmt: skip
        click_ts = np.where(converted, open_ts + (u_click * 0.9 * (converted_ts - open_ts)).astype(np.int64),
                            open_ts + rng.exponential(1200, m).astype(np.int64))  # fmt: skip
        opened &= open_ts < cal.end_s
        clicked &= opened & (click_ts < cal.end_s)
        contacts.append(SimpleNamespace(
            campaign=np.full(m, cid), cust=ci, control=control, channel=np.full(m, channel),
            sent=np.where(control, -1, ref), delivered=delivered, opened=np.where(opened, open_ts, -1),
            clicked=np.where(clicked, click_ts, -1), converted=converted_ts, order=converted_order,
        ))  # fmt: skip
        n_target = int((~control).sum())
        cpc = round(float(rng.uniform(*cpc_range)), 3 if cpc_range[1] < 1 else 2)
        budget = round(n_target * cpc * rng.uniform(1.05, 1.25) + rng.uniform(*fixed_range), -2)
        status = "active" if end > cal.end else "completed"
        rows.append((cid, name, objective, channel, segment, start, end, budget, cpc, holdout, status))
    if not contacts:
        empty = np.zeros(0, dtype=np.int64)
        contacts = [SimpleNamespace(campaign=empty, cust=empty, control=empty.astype(bool), channel=empty, sent=empty,
                                    delivered=empty.astype(bool), opened=empty, clicked=empty, converted=empty,
                                    order=empty)]  # fmt: skip
        extra = [SimpleNamespace(cust=empty, ts=empty, channel=empty, campaign=empty)]
        followups = [SimpleNamespace(cust=empty, ts=empty)]
    return rows, _concat(contacts), _concat(extra), _concat(followups), attributed


def make_returns(rng, cal: Calendar, cust, partners, orders, lines):
    """About 2% of lines come back a few days later, as separate orders with negative quantities."""
    b2b = cust.ctype[orders.cust[lines.order]] == 1
    pick = np.flatnonzero(rng.random(len(b2b)) < np.where(b2b, 0.012, 0.026))
    src = lines.order[pick]  # lines are grouped by order, so each order's returned lines are adjacent
    first = np.r_[True, src[1:] != src[:-1]] if len(src) else np.zeros(0, dtype=bool)
    group = np.cumsum(first) - 1
    g_src = src[first]
    g_ts = orders.ts[g_src] + ((2 + rng.exponential(12, len(g_src))) * DAY).astype(np.int64)
    pid = orders.partner[g_src]
    churn_s = np.where(pid >= 0, partners.churn_day[np.maximum(pid, 0)], NEVER) * DAY
    ok = (g_ts < cal.end_s) & (g_ts < churn_s)  # a churned partner books nothing after leaving
    new_index = np.cumsum(ok) - 1
    keep = ok[group]
    pick, group = pick[keep], new_index[group[keep]]
    g_src, g_ts = g_src[ok], g_ts[ok]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.zeros(0, dtype=np.int64)
    line_no = np.arange(len(group)) - np.repeat(starts, np.diff(np.r_[starts, len(group)])) + 1
    qty = lines.qty[pick]
    back = np.where(qty <= 2, qty, 1 + rng.binomial(np.maximum(qty - 1, 0), 0.3))
    ret_orders = SimpleNamespace(
        cust=orders.cust[g_src], ts=g_ts, channel=orders.channel[g_src], partner=orders.partner[g_src],
        campaign=np.full(len(g_src), -1), kind=np.full(len(g_src), 2, dtype=np.int8),
    )  # fmt: skip
    ret_lines = SimpleNamespace(order=group, line_no=line_no, product=lines.product[pick], qty=-back,
                                discount=lines.discount[pick])  # fmt: skip
    return ret_orders, ret_lines


# ---------------------------------------------------------------- web sessions and opportunities

KNOWN_SESSIONS_PER_ORDER = 9.0  # browsing sessions of the buyer in the 30 days before an online order
ANONYMOUS_SESSIONS_PER_ORDER = 21.0


def _page_tables() -> np.ndarray:
    """Cumulative distributions of pages viewed (1..40): browsing and converting sessions."""
    pmf = np.zeros((2, 41))  # column = pages viewed
    browse = np.array([math.exp(-3) * 3.0**j / math.factorial(j) for j in range(39)])
    pmf[0, 1], pmf[0, 2:] = 0.38, 0.62 * browse
    pmf[1, 4:] = np.array([math.exp(-7) * 7.0**j / math.factorial(j) for j in range(37)])
    pmf /= pmf.sum(axis=1, keepdims=True)
    return np.cumsum(pmf, axis=1)


PAGE_CDF = _page_tables()
SOURCE_CDF = np.cumsum([SOURCE_P.get(ch, (1.0, 0, 0, 0, 0, 0)) for ch in range(8)], axis=1)


def _draw_grouped(rng, cdf: np.ndarray, group: np.ndarray) -> np.ndarray:
    """One category per row from the distribution of its group (rows of ``cdf``, each ending at 1)."""
    g, k = cdf.shape
    flat = (np.arange(g)[:, None] + cdf / cdf[:, -1:]).ravel()
    flat[k - 1 :: k] = np.arange(1, g + 1)  # exact group ends, whatever the rounding
    u = rng.random(len(group))
    return np.searchsorted(flat, group + u, side="right") - group * k


def _sorted_by(key: np.ndarray) -> np.ndarray:
    """The permutation that sorts by a non-negative integer ``key``, ties by position.

    Sorting unique composite keys with np.sort is far faster than a stable argsort
    and gives the same order on every machine.
    """
    n = len(key)
    bits = max(int(n).bit_length(), 1)
    if n and int(key.max()) >= 1 << (62 - bits):
        raise OverflowError("sort key too large")
    composite = (key.astype(np.int64) << bits) | np.arange(n, dtype=np.int64)
    composite.sort()
    composite &= (1 << bits) - 1
    return composite


def session_skeleton(rng, cal: Calendar, cust, orders) -> SimpleNamespace:
    """Start, visitor, channel and order index of every session, sorted by start time.

    Each online order has a converting session minutes before it; its buyer browsed
    in the weeks before; anonymous visitors make the rest (conversion ~3%).
    """
    oi = np.flatnonzero(IS_ONLINE[orders.channel] & (orders.kind != 2))
    conv_start = np.maximum(orders.ts[oi] - rng.integers(120, 2700, len(oi)), 0)
    bi = np.repeat(oi, rng.poisson(KNOWN_SESSIONS_PER_ORDER, len(oi)))
    b_start = orders.ts[bi] - 600 - (rng.random(len(bi)) * 30 * DAY).astype(np.int64)
    ok = b_start >= np.maximum(cust.signup_day[orders.cust[bi]], 0) * DAY
    bi, b_start = bi[ok], b_start[ok]
    del ok
    b_channel = np.where(rng.random(len(bi)) < 0.7, orders.channel[bi],
                         np.array([WEB, APP, MARKET])[rng.choice(3, len(bi), p=[0.6, 0.25, 0.15])])  # fmt: skip
    # anonymous visits follow the consumer intensity: a count per day, a time of day each
    n_anon = int(rng.poisson(ANONYMOUS_SESSIONS_PER_ORDER * len(oi)))
    per_day = rng.multinomial(n_anon, np.diff(cal.cum[0]) / cal.cum[0][-1])
    a_start = np.repeat(np.arange(cal.n_days, dtype=np.int64) * DAY, per_day)
    a_start += _seconds_of_day(rng, n_anon, B2C_HOURS)
    a_channel = np.array([WEB, APP, MARKET, EMAIL], dtype=np.int8)[rng.choice(4, n_anon, p=[0.55, 0.2, 0.2, 0.05])]
    start = np.concatenate([conv_start, b_start, a_start])
    del b_start, a_start
    perm = _sorted_by(start)
    start = start[perm].astype(np.int32)
    n_known = len(oi) + len(bi)
    known = perm < n_known
    order = np.full(len(perm), -1, dtype=np.int32)
    order[perm < len(oi)] = oi[perm[perm < len(oi)]]
    visitor = np.full(len(perm), -1, dtype=np.int32)
    visitor[known] = np.concatenate([orders.cust[oi], orders.cust[bi]])[perm[known]]
    channel = np.concatenate([orders.channel[oi].astype(np.int8), b_channel.astype(np.int8), a_channel])[perm]
    return SimpleNamespace(start=start, order=order, cust=visitor, channel=channel)


def session_attributes(rng, cal: Calendar, cust, s: SimpleNamespace) -> dict[str, np.ndarray]:
    """Source, device, country and funnel counts of a slice of sessions."""
    n = len(s.start)
    converting = (s.order >= 0).astype(np.int64)
    known = s.cust >= 0
    source = _draw_grouped(rng, SOURCE_CDF, s.channel.astype(np.int64))
    x = np.clip(s.start / cal.end_s, 0, 1)
    b2b = known & (cust.ctype[np.maximum(s.cust, 0)] == 1)
    desktop = np.where(b2b, 0.72, 0.50 - 0.12 * x)
    mobile = np.where(b2b, 0.20, 0.42 + 0.12 * x)
    app = s.channel == APP
    desktop[app], mobile[app] = 0.0, 0.85
    u = rng.random(n)
    device = (u >= desktop).astype(np.int8) + (u >= desktop + mobile)
    country = cust.country[np.maximum(s.cust, 0)]
    anonymous = np.flatnonzero(~known)
    weights = np.array([c.weight for c in COUNTRIES])
    country[anonymous] = _draw(rng, np.cumsum(weights), len(anonymous))
    pages = _draw_grouped(rng, PAGE_CDF, converting)
    views = np.where(converting == 1, 1 + ((pages - 1) * rng.random(n) * 0.9).astype(np.int64),
                     ((pages + 0.5) * rng.random(n) * 0.7).astype(np.int64))  # fmt: skip
    u = rng.random(n)
    carts = np.where(
        converting == 1, 1 + (u < 0.35) + (u < 0.08), (views > 0) * ((u < 0.09).astype(np.int64) + (u < 0.02))
    )
    return {"source": source, "device": device, "country": country, "pages": pages, "views": views, "carts": carts}


def make_opportunities(rng, cal: Calendar, cust, partners, orders, order_id, order_revenue) -> SimpleNamespace:
    """B2B pipeline: won deals are big sales-led B2B orders; lost and open ones look alike."""
    n_days = cal.n_days
    b2b_ids = np.flatnonzero(cust.ctype == 1)
    empty = np.zeros(0, dtype=np.int64)
    if len(b2b_ids) == 0:
        return SimpleNamespace(cust=empty, partner=empty, owner=empty, created=empty, stage=empty,
                               amount=empty.astype(float), expected=empty, closed=empty, won=empty, order=empty)  # fmt: skip
    region = np.array([REGIONS.index(c.region) for c in COUNTRIES])[cust.country]
    reps = [name for r in REGIONS for name in OWNERS[r]]
    rep_offset = np.cumsum([0] + [len(OWNERS[r]) for r in REGIONS])[:-1]
    rep_count = np.array([len(OWNERS[r]) for r in REGIONS])
    owner_of = rep_offset[region] + (rng.random(cust.n) * rep_count[region]).astype(np.int64)

    sales_led = np.isin(orders.channel, [FAIR, PARTNER, PHONE]) & (orders.kind != 2)
    cand = np.flatnonzero(sales_led & (cust.ctype[orders.cust] == 1) & (order_revenue > 0))
    if len(cand):
        cand = cand[order_revenue[cand] >= np.quantile(order_revenue[cand], 0.7)]
    won = cand[rng.random(len(cand)) < min(1.0, 1.2 * len(b2b_ids) / max(len(cand), 1))]
    nw = len(won)
    w_cust = orders.cust[won]
    w_closed = orders.ts[won] // DAY - rng.integers(0, 11, nw)
    w_cycle = _sales_cycle(rng, cust.seg[w_cust])
    w_amount = np.maximum(100.0, np.round(order_revenue[won] * rng.uniform(0.92, 1.12, nw), -2))

    # lost deals and the open pipeline, amounts like the won ones
    n_lost = int(round(nw * 1.3)) if nw else len(b2b_ids) // 2
    weights = np.cumsum(cust.rate[b2b_ids])
    l_cust = b2b_ids[_draw(rng, weights, n_lost)]
    lo = np.maximum(cust.signup_day[l_cust], 0)
    l_created = lo + (rng.random(n_lost) * (n_days - lo)).astype(np.int64)
    alive = b2b_ids[(cust.lapse_day[b2b_ids] > n_days) & (rng.random(len(b2b_ids)) < 0.3)]
    o_created = n_days - rng.integers(1, 150, len(alive))
    o_cust = alive[o_created > cust.signup_day[alive]]
    o_created = o_created[o_created > cust.signup_day[alive]]
    p_cust = np.concatenate([l_cust, o_cust])
    p_created = np.concatenate([l_created, o_created])
    p_cycle = _sales_cycle(rng, cust.seg[p_cust])
    pool = w_amount if nw else np.array([5000.0])
    p_amount = np.maximum(100.0, np.round(pool[rng.integers(0, len(pool), len(p_cust))]
                                          * rng.lognormal(0.0, 0.35, len(p_cust)), -2))  # fmt: skip
    p_open = p_created + p_cycle >= n_days
    p_planned = np.round(p_cycle * rng.uniform(0.8, 1.2, len(p_cust))).astype(np.int64)
    progress = (n_days - p_created) / np.maximum(p_planned, 1)
    open_stage = np.minimum((progress * 4).astype(np.int64), 3)
    pid = cust.partner[p_cust]
    active = (pid >= 0) & (partners.onboard_day[np.maximum(pid, 0)] <= p_created)
    active &= p_created < partners.churn_day[np.maximum(pid, 0)]

    c = np.concatenate([w_cust, p_cust])
    created = np.concatenate([w_closed - w_cycle, p_created])
    opp = SimpleNamespace(
        cust=c,
        partner=np.concatenate([orders.partner[won], np.where(active, pid, -1)]),
        owner=np.where(rng.random(len(c)) < 0.9, owner_of[c], rng.integers(0, len(reps), len(c))),
        created=created,
        stage=np.concatenate([np.full(nw, 4), np.where(p_open, open_stage, 5)]),  # 4 won, 5 lost
        amount=np.concatenate([w_amount, p_amount]),
        expected=created + np.concatenate([np.round(w_cycle * rng.uniform(0.7, 1.25, nw)).astype(np.int64), p_planned]),
        closed=np.concatenate([w_closed, np.where(p_open, -1, p_created + p_cycle)]),
        won=np.concatenate([np.ones(nw, dtype=np.int8), np.where(p_open, -1, 0)]),
        order=np.concatenate([order_id[won], np.full(len(p_cust), -1)]),
    )
    opp = _take(opp, np.lexsort((opp.cust, opp.created)))
    opp.reps = reps
    return opp


def _sales_cycle(rng, seg: np.ndarray) -> np.ndarray:
    median = np.where(seg == 4, 90.0, np.where(seg == 3, 60.0, 35.0))
    return 7 + np.round(rng.lognormal(np.log(median), 0.5)).astype(np.int64)


# ---------------------------------------------------------------- writing


def _ts(cal: Calendar, secs, null=None) -> pa.Array:
    return pa.array((np.asarray(secs, dtype=np.int64) + cal.epoch_s).astype("datetime64[s]"), mask=null)


def _date(cal: Calendar, days, null=None) -> pa.Array:
    return pa.array(np.datetime64(cal.start, "D") + np.asarray(days, dtype=np.int64), mask=null)


def _labels(codes, labels, null=None) -> pa.Array:
    """A dictionary-encoded string column (stored as VARCHAR)."""
    indices = pa.array(np.asarray(codes, dtype=np.int32), mask=null)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(labels), pa.string()))


def _ids(values, null=None) -> pa.Array:
    """1-based ids from 0-based indices; ``null`` (or negative indices) become NULL."""
    values = np.asarray(values, dtype=np.int64)
    return pa.array(values + 1, mask=values < 0 if null is None else null)


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: dict) -> int:
    """Append columns (names as in the DDL) to ``table`` through a registered Arrow table."""
    arrow = pa.table(data)
    if sorted(arrow.column_names) != sorted(columns(table)):
        raise ValueError(
            f"{table}: columns {sorted(arrow.column_names)} differ from the schema {sorted(columns(table))}"
        )
    con.register("xrm_generate_src", arrow)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM xrm_generate_src")
    finally:
        con.unregister("xrm_generate_src")
    return arrow.num_rows


def _dim_date(cal: Calendar) -> dict:
    import pandas as pd

    days = pd.DatetimeIndex(np.datetime64(cal.start, "D") + np.arange(cal.n_days))
    iso = days.isocalendar()
    return {
        "date_key": pa.array(days.values.astype("datetime64[D]")),
        "year": days.year.to_numpy(np.int32),
        "quarter": days.quarter.to_numpy(np.int32),
        "month": days.month.to_numpy(np.int32),
        "month_start": pa.array(days.values.astype("datetime64[M]").astype("datetime64[D]")),
        "week": iso["week"].to_numpy(np.int32),
        "iso_year": iso["year"].to_numpy(np.int32),
        "day_of_week": iso["day"].to_numpy(np.int32),
        "is_weekend": iso["day"].to_numpy() >= 6,
    }


def generate(
    con: duckdb.DuckDBPyConnection, scale: float = 1.0, seed: int = 7, end_date: dt.date = dt.date(2025, 12, 31)
) -> dict[str, int]:
    """Write every warehouse table of the demo into ``con``, an empty read-write database.

    ``scale`` multiplies the volume (1: ~20k customers and ~1M order lines; 0.02 for
    tests, 10 for benchmarks); one ``seed`` always gives identical tables. The history
    is the three years ending on ``end_date``. Returns the row count of every table.

    Each insert commits on its own (one transaction would hold every row in memory),
    so after a failure the database is incomplete: build into a new file and discard it.
    """
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    rng = np.random.default_rng(seed)
    cal = make_calendar(end_date)
    products = make_products(rng, cal)
    partners = make_partners(rng, cal)
    cust = make_customers(rng, cal, max(int(round(BASE_CUSTOMERS * scale)), 50), partners)
    sales = simulate_sales(rng, cal, cust, partners, products, BASE_LINES * scale * LINES_ADJUST)
    acquisition = sales.acquisition
    orders, lines = sales.orders, sales.lines
    order_id = np.empty(len(orders.cust), dtype=np.int64)
    order_id[_sorted_by(orders.ts)] = np.arange(1, len(orders.cust) + 1)  # ids follow time

    create_schema(con)
    counts = {
        "meta": _write_meta(con, cal, scale, seed),
        "dim_date": _insert(con, "dim_date", _dim_date(cal)),
        "dim_channel": _insert(con, "dim_channel", _by_column("dim_channel", CHANNELS)),
        "dim_segment": _insert(con, "dim_segment", _by_column("dim_segment", SEGMENT_DEFS)),
        "dim_product": _write_products(con, cal, products),
        "dim_partner": _write_partners(con, cal, partners),
        "dim_customer": _write_customers(con, cal, cust, orders, acquisition[0]),
        "dim_campaign": _insert(con, "dim_campaign", _by_column("dim_campaign", sales.campaigns)),
        "fact_order_line": len(lines.order),
    }
    order_revenue = _write_order_lines(con, cal, products, orders, lines, order_id)
    del lines, sales.lines
    counts["fact_campaign_contact"] = _write_contacts(con, cal, sales.contacts, order_id, sales.n_kept)
    counts["fact_service_ticket"] = _write_tickets(con, cal, sales.tickets, order_id)
    opportunities = make_opportunities(rng, cal, cust, partners, orders, order_id, order_revenue)
    counts["fact_opportunity"] = _write_opportunities(con, cal, opportunities)
    del order_revenue, opportunities, sales
    skeleton = session_skeleton(rng, cal, cust, orders)
    counts["fact_web_session"] = _write_sessions(rng, con, cal, cust, skeleton, order_id)
    return counts


def simulate_sales(rng, cal: Calendar, cust, partners, products, target_lines: float) -> SimpleNamespace:
    """Orders and lines, with tickets, campaigns and returns woven in.

    Base orders come first; badly rated tickets cut customers' later orders; campaigns
    attribute conversions and add incremental and follow-up orders; returns come last.
    Contacts' converted orders index the kept base orders, or ``-2 - i`` for the
    i-th incremental order (at ``n_kept + i`` in the final orders).
    """
    base, acquisition = make_base_orders(rng, cal, cust, partners, target_lines)
    base.discount = order_discounts(rng, cal, cust, partners, base)
    base_lines = make_lines(rng, cust, products, base)
    tickets, keep, cut = make_tickets(rng, cal, cust, base, base_lines)
    kept_index = np.cumsum(keep) - 1
    orders = _take(base, keep)
    lines = _take(base_lines, keep[base_lines.order])
    lines.order = kept_index[lines.order]
    tickets.order = kept_index[tickets.order]
    del base, base_lines

    campaigns, contacts, extra, followups, attributed = make_campaigns(rng, cal, cust, orders, cut)
    orders.campaign = attributed
    lines.qty = _campaign_basket(rng, cust, orders, lines)
    f_channel, f_partner = assign_channels(rng, cal, cust, partners, followups.cust, followups.ts // DAY)
    n_extra, n_follow = len(extra.cust), len(followups.cust)
    new = SimpleNamespace(
        cust=np.concatenate([extra.cust, followups.cust]),
        ts=np.concatenate([extra.ts, followups.ts]),
        channel=np.concatenate([extra.channel, f_channel]),
        partner=np.concatenate([np.full(n_extra, -1), f_partner]),
        campaign=np.concatenate([extra.campaign, np.full(n_follow, -1)]),
        kind=np.concatenate([np.ones(n_extra, np.int8), np.zeros(n_follow, np.int8)]),
    )
    coupon = np.where(cust.ctype[new.cust] == 1, 0.05, rng.choice([0.10, 0.15], len(new.cust)))
    new.discount = order_discounts(rng, cal, cust, partners, new) + np.where(new.kind == 1, coupon, 0.0)
    new_lines = make_lines(rng, cust, products, new)
    new_lines.qty = _campaign_basket(rng, cust, new, new_lines)
    n_kept = len(orders.cust)
    new_lines.order += n_kept
    orders, lines = _concat([orders, new]), _concat([lines, new_lines])
    returns, return_lines = make_returns(rng, cal, cust, partners, orders, lines)
    returns.discount = np.zeros(len(returns.cust))
    return_lines.order += len(orders.cust)
    orders, lines = _concat([orders, returns]), _concat([lines, return_lines])
    return SimpleNamespace(orders=orders, lines=lines, tickets=tickets, campaigns=campaigns, contacts=contacts,
                           n_kept=n_kept, acquisition=acquisition)  # fmt: skip


def _campaign_basket(rng, cust, orders, lines) -> np.ndarray:
    """Quantities of lines, raised on orders attributed to a campaign (bundle and volume offers)."""
    attributed = orders.campaign[lines.order] >= 0
    b2b = cust.ctype[orders.cust[lines.order]] == 1
    raised = np.where(b2b, np.rint(lines.qty * CAMPAIGN_BASKET), lines.qty + (rng.random(len(b2b)) < 0.8))
    return np.where(attributed, raised, lines.qty).astype(np.int64)


def _by_column(table: str, rows: list[tuple]) -> dict[str, list]:
    names = columns(table)
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


def _write_meta(con, cal: Calendar, scale: float, seed: int) -> int:
    rows = {
        "source": "demo",
        "seed": str(seed),
        "scale": f"{scale:g}",
        "end_date": cal.end.isoformat(),
        "history_start": cal.start.isoformat(),
        "generated_at": f"{cal.end + dt.timedelta(days=1)}T00:00:00",  # from end_date: builds stay identical
        "currency": "USD",
        "company": COMPANY,
    }
    return _insert(con, "meta", {"key": list(rows), "value": list(rows.values())})


def _write_products(con, cal: Calendar, products) -> int:
    return _insert(con, "dim_product", {
        "product_id": np.arange(1, products.n + 1), "name": products.name, "category": products.category,
        "subcategory": products.subcategory, "unit_price": products.price, "unit_cost": products.cost,
        "launch_date": _date(cal, products.launch_day), "sku": products.sku,
    })  # fmt: skip


def _write_partners(con, cal: Calendar, partners) -> int:
    churned = partners.stage == CHURNED
    return _insert(con, "dim_partner", {
        "partner_id": np.arange(1, partners.n + 1), "name": partners.name,
        "partner_type": _labels(partners.ptype, PARTNER_TYPES),
        "country": np.array([COUNTRIES[c].name for c in partners.country], dtype=object),
        "region": np.array([COUNTRIES[c].region for c in partners.country], dtype=object),
        "tier": _labels(partners.tier, TIERS), "onboarded_date": _date(cal, partners.onboard_day),
        "status": np.where(churned, "churned", "active").astype(object),
        "lifecycle_stage": _labels(partners.stage, STAGES),
        "churned_date": _date(cal, np.where(churned, partners.churn_day, 0), null=~churned),
    })  # fmt: skip


def _write_customers(con, cal: Calendar, cust, orders, acquisition: np.ndarray) -> int:
    bought = orders.kind != 2
    counts = np.bincount(orders.cust[bought] * 8 + orders.channel[bought], minlength=cust.n * 8).reshape(cust.n, 8)
    preferred = np.where(counts.sum(axis=1) > 0, counts[:, 1:].argmax(axis=1) + 1, acquisition)
    region = np.array([REGIONS.index(c.region) for c in COUNTRIES])[cust.country]
    return _insert(con, "dim_customer", {
        "customer_id": np.arange(1, cust.n + 1, dtype=np.int64), "name": cust.name,
        "customer_type": _labels(cust.ctype, ("B2C", "B2B")), "gender": cust.gender,
        "birth_year": pa.array(cust.birth_year, mask=cust.birth_year < 0), "occupation": cust.occupation,
        "industry": cust.industry, "country": _labels(cust.country, [c.name for c in COUNTRIES]),
        "region": _labels(region, REGIONS), "city": _labels(cust.city, cust.city_names),
        "signup_date": _date(cal, cust.signup_day), "acquisition_channel_id": acquisition,
        "preferred_channel_id": preferred, "email_opt_in": cust.opt_in, "partner_id": _ids(cust.partner),
        "segment": _labels(cust.seg, SEGMENTS), "email": cust.email, "company": cust.company,
        "signup_derived": np.zeros(cust.n, dtype=bool), "is_guest": np.zeros(cust.n, dtype=bool),
    })  # fmt: skip


def _write_order_lines(con, cal: Calendar, products, orders, lines, order_id: np.ndarray) -> np.ndarray:
    """Write the lines sorted by order (hence by time); returns each order's net revenue."""
    perm = _sorted_by(order_id[lines.order] * 64 + lines.line_no)  # at most 40 lines per order
    oi, product, qty, discount = lines.order[perm], lines.product[perm], lines.qty[perm], lines.discount[perm]
    price = products.price[product]
    revenue = qty * price * (1 - discount)
    for lo in range(0, len(perm), WRITE_CHUNK):
        s = slice(lo, lo + WRITE_CHUNK)
        o = oi[s]
        _insert(con, "fact_order_line", {
            "order_id": order_id[o], "line_no": lines.line_no[perm[s]].astype(np.int32), "order_ts": _ts(cal, orders.ts[o]),
            "customer_id": orders.cust[o] + 1, "product_id": product[s] + 1, "channel_id": orders.channel[o],
            "partner_id": _ids(orders.partner[o]), "campaign_id": pa.array(orders.campaign[o], mask=orders.campaign[o] < 0),
            "quantity": qty[s].astype(np.int32), "unit_price": price[s], "discount": discount[s], "revenue": revenue[s],
            "cost": qty[s] * products.cost[product[s]],
        })  # fmt: skip
    return np.bincount(oi, weights=revenue, minlength=len(order_id))


def _write_contacts(con, cal: Calendar, c, order_id: np.ndarray, n_kept: int) -> int:
    index = np.where(c.order <= -2, n_kept + (-2 - c.order), c.order)
    return _insert(con, "fact_campaign_contact", {
        "campaign_id": c.campaign, "customer_id": c.cust + 1,
        "group_name": _labels(c.control.astype(np.int8), ("target", "control")), "channel_id": c.channel,
        "sent_ts": _ts(cal, c.sent, null=c.sent < 0), "delivered": c.delivered,
        "opened_ts": _ts(cal, c.opened, null=c.opened < 0), "clicked_ts": _ts(cal, c.clicked, null=c.clicked < 0),
        "converted_ts": _ts(cal, c.converted, null=c.converted < 0),
        "converted_order_id": pa.array(order_id[np.maximum(index, 0)], mask=index < 0),
    })  # fmt: skip


def _write_tickets(con, cal: Calendar, t, order_id: np.ndarray) -> int:
    t = _take(t, np.lexsort((t.cust, t.opened)))
    is_open = t.closed < 0
    return _insert(con, "fact_service_ticket", {
        "ticket_id": np.arange(1, len(t.cust) + 1, dtype=np.int64), "customer_id": t.cust + 1,
        "opened_ts": _ts(cal, t.opened), "closed_ts": _ts(cal, t.closed, null=is_open), "channel_id": t.channel,
        "category": _labels(t.category, TICKET_CATEGORIES), "product_id": t.product + 1,
        "status": _labels(is_open.astype(np.int8), ("closed", "open")),
        "satisfaction": pa.array(t.sat, mask=t.sat == 0), "order_id": order_id[t.order],
    })  # fmt: skip


def _write_opportunities(con, cal: Calendar, o) -> int:
    is_open = o.won < 0
    return _insert(con, "fact_opportunity", {
        "opportunity_id": np.arange(1, len(o.cust) + 1, dtype=np.int64), "customer_id": o.cust + 1,
        "partner_id": _ids(o.partner), "owner": _labels(o.owner, o.reps), "created_date": _date(cal, o.created),
        "stage": _labels(o.stage, OPEN_STAGES + ("Closed Won", "Closed Lost")), "amount": o.amount,
        "expected_close": _date(cal, o.expected), "closed_date": _date(cal, o.closed, null=is_open),
        "won": pa.array(o.won == 1, mask=is_open), "order_id": pa.array(o.order, mask=o.order < 0),
    })  # fmt: skip


def _write_sessions(rng, con, cal: Calendar, cust, skeleton: SimpleNamespace, order_id: np.ndarray) -> int:
    """Write sessions in chunks (scale 10 has tens of millions): ids follow start time."""
    total = len(skeleton.start)
    countries = [c.name for c in COUNTRIES]
    for lo in range(0, total, WRITE_CHUNK):
        part = SimpleNamespace(**{k: v[lo : lo + WRITE_CHUNK] for k, v in vars(skeleton).items()})
        a = session_attributes(rng, cal, cust, part)
        _insert(con, "fact_web_session", {
            "session_id": np.arange(lo + 1, lo + len(part.start) + 1, dtype=np.int64),
            "customer_id": pa.array(part.cust + 1, mask=part.cust < 0), "start_ts": _ts(cal, part.start),
            "channel_id": part.channel, "source": _labels(a["source"], SOURCES), "device": _labels(a["device"], DEVICES),
            "country": _labels(a["country"], countries), "pages_viewed": a["pages"].astype(np.int32),
            "product_views": a["views"].astype(np.int32), "cart_adds": a["carts"].astype(np.int32),
            "order_id": pa.array(order_id[np.maximum(part.order, 0)], mask=part.order < 0),
        })  # fmt: skip
    return total


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the DuckDB file to create")
    parser.add_argument("--scale", type=float, default=1.0, help="volume multiplier (1: ~20k customers, ~1M lines)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end-date", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31),
                        help="last day of the three-year history (YYYY-MM-DD)")  # fmt: skip
    parser.add_argument("--force", action="store_true", help="overwrite OUT when it exists")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists() and not args.force:
        print(f"{out} already exists: pass --force to overwrite it, or choose another file.", file=sys.stderr)
        return 1
    building = out.with_name(out.name + ".building")
    for leftover in (building, Path(f"{building}.wal")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(building))
    try:
        counts = generate(con, scale=args.scale, seed=args.seed, end_date=args.end_date)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        building.unlink(missing_ok=True)
        Path(f"{building}.wal").unlink(missing_ok=True)
        raise
    con.close()
    Path(f"{out}.wal").unlink(missing_ok=True)
    os.replace(building, out)
    took = time.perf_counter() - started
    for table, rows in counts.items():
        print(f"{table:24} {rows:>12,}")
    print(f"{sum(counts.values()):,} rows in {took:.1f}s -> {out} (scale {args.scale:g}, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
