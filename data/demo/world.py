"""The demo's world: company, channels, locales, countries, catalog, segments, campaigns and the planted rates.

Constants only: every generation step in ``data.demo`` reads its parameters from here.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

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

# month, day, days, name, objective, channel, segment_id, regions, planted effect (× UPLIFT), every year:
# - positive: the probability that a target contact who would not have bought converts (incremental
#   orders), with bigger baskets on the campaign's orders and follow-up orders afterwards;
# - 0, NO_EFFECT: target and control buy alike (conversion, baskets, follow-ups: nothing changes);
# - negative, harmful: the share of target contacts who would have bought in the window and are put off
#   (a discount blast: the full-price orders they would have placed from the send to the window end
#   are lost). See data.demo.marketing.make_campaigns.
NO_EFFECT = 0.0
CAMPAIGNS = [
    (1, 8, 21, "Lunar New Year Gift Sale", "Seasonal promotion", EMAIL, 1, ("Asia",), 0.10),
    (2, 20, 28, "Ambiente Follow-up: Pro Kitchen", "Up-sell", FAIR, 4, None, 0.12),
    (3, 10, 28, "Spring Kitchen Refresh", "Cross-sell", EMAIL, None, None, 0.08),
    (4, 15, 21, "Filter Replacement Reminder", "Retention", APP, None, None, NO_EFFECT),
    (5, 1, 21, "Family Month Beauty Week", "Seasonal promotion", EMAIL, 1, None, NO_EFFECT),
    (6, 10, 28, "Summer Discount Blast", "Seasonal promotion", EMAIL, None, None, -0.2),
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
UPLIFT = 2.0  # multiplies the campaigns' planted effects (CAMPAIGNS)
FOLLOW_UPS = 1.2  # extra orders in the 90 days after a target contact converts (Poisson mean)
CAMPAIGN_BASKET = 1.8  # B2B quantities on campaign orders (consumers add a unit to most lines)
DENSITY_GROWTH = 0.06  # yearly growth of every customer's order intensity (log)
PARTNER_ROUTE = 0.8  # share of a partner customer's orders that go through the partner, at its lowest demand
WRITE_CHUNK = 2_000_000  # rows per insert of the big fact tables
COHORT = 25_000  # customers whose sales are simulated at a time (data.demo.cohorts): one cohort up to scale 1.25
LINES_ADJUST = 0.905  # base lines vs. the target: thinning, campaign orders and returns even out


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

KNOWN_SESSIONS_PER_ORDER = 9.0  # browsing sessions of the buyer in the 30 days before an online order
ANONYMOUS_SESSIONS_PER_ORDER = 21.0
