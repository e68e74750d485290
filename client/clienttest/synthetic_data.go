package clienttest

// The tables Synthetic draws from. Names and places are deliberately international: accents,
// non-Latin scripts, apostrophes, quotes and commas all reach the wire, so that encoders,
// terminals and CSV writers downstream are exercised.

// person is a first name and the ASCII slug used to build its e-mail address.
type person struct {
	name, slug string
}

var firstNames = []person{
	{"Ada", "ada"}, {"Zoë", "zoe"}, {"José", "jose"}, {"Siobhán", "siobhan"}, {"Łukasz", "lukasz"},
	{"Nguyễn Thị", "nguyen"}, {"Søren", "soren"}, {"Ólafur", "olafur"}, {"Chloé", "chloe"},
	{"李", "li"}, {"Αλέξανδρος", "alexandros"}, {"Мария", "maria"}, {"محمد", "mohammed"},
	{"Ayşe", "ayse"}, {"Björk", "bjork"}, {"Priya", "priya"}, {"Kwame", "kwame"}, {"Mei", "mei"},
	{"Hannah", "hannah"}, {"Lucas", "lucas"}, {"Amélie", "amelie"}, {"Jürgen", "jurgen"},
	{"Aoife", "aoife"}, {"Mateo", "mateo"}, {"Yuki", "yuki"}, {"Noah", "noah"}, {"Fatima", "fatima"},
	{"Olivia", "olivia"}, {"Ravi", "ravi"}, {"Ingrid", "ingrid"},
}

var lastNames = []person{
	{"Lovelace", "lovelace"}, {"O'Brien", "obrien"}, {"García", "garcia"}, {"Nowak", "nowak"},
	{"Müller", "muller"}, {"Kowalczyk", "kowalczyk"}, {"Smith, Jr.", "smith"}, {"Dubois", "dubois"},
	{"山田", "yamada"}, {"Иванова", "ivanova"}, {"Okafor", "okafor"}, {"Nakamura", "nakamura"},
	{"Johansson", "johansson"}, {"da Silva", "dasilva"}, {"Papadopoulos", "papadopoulos"},
	{"Kim", "kim"}, {"Chen", "chen"}, {"Haddad", "haddad"}, {"Patel", "patel"}, {"Byrne", "byrne"},
	{`"Ziggy" Stardust`, "stardust"}, {"van der Berg", "vanderberg"}, {"Ångström", "angstrom"},
	{"Fernández", "fernandez"},
}

var emailDomains = []string{"example.com", "example.org", "example.net", "mail.example", "shop.example.co.uk"}

// place is a geolocation a consumer was last seen at.
type place struct {
	city, region, country, postal, timezone string
	lat, lon                                float64
	phonePrefix                             string
}

var places = []place{
	{"London", "England", "GB", "EC1A 1BB", "Europe/London", 51.5072, -0.1276, "+447700900"},
	{"Paris", "Île-de-France", "FR", "75004", "Europe/Paris", 48.8566, 2.3522, "+33612345"},
	{"Zürich", "Zürich", "CH", "8001", "Europe/Zurich", 47.3769, 8.5417, "+41791234"},
	{"São Paulo", "São Paulo", "BR", "01310-100", "America/Sao_Paulo", -23.5505, -46.6333, "+551199876"},
	{"東京", "東京都", "JP", "100-0001", "Asia/Tokyo", 35.6762, 139.6503, "+819012345"},
	{"New York", "New York", "US", "10001", "America/New_York", 40.7128, -74.006, "+1212555"},
	{"Reykjavík", "Höfuðborgarsvæðið", "IS", "101", "Atlantic/Reykjavik", 64.1466, -21.9426, "+354611"},
	{"Berlin", "Berlin", "DE", "10115", "Europe/Berlin", 52.52, 13.405, "+4915112"},
	{"Sydney", "New South Wales", "AU", "2000", "Australia/Sydney", -33.8688, 151.2093, "+614123"},
	{"Mumbai", "Maharashtra", "IN", "400001", "Asia/Kolkata", 19.076, 72.8777, "+9198200"},
	{"القاهرة", "Cairo Governorate", "EG", "11511", "Africa/Cairo", 30.0444, 31.2357, "+2010012"},
	{"Kraków", "Małopolskie", "PL", "31-001", "Europe/Warsaw", 50.0647, 19.945, "+48512345"},
}

var (
	geoSources   = []string{"ip", "gps", "shipping_address", "billing_address"}
	vendors      = []string{"shopify", "bigcommerce", "woocommerce", "salesforce", "klaviyo"}
	creators     = []string{"system", "api", "import", "shopify-sync", "admin@example.com"}
	updaters     = []string{"system", "api", "support@example.com", "loyalty-job"}
	tiers        = []string{"gold", "silver", "bronze", "platinum"}
	tags         = []string{"early", "2025", "sneakers", "vinyl", "limited", "restock", "👟", "vip-list"}
	referrers    = []string{"instagram", "newsletter", "tiktok", "friend", "google"}
	noteSnippets = []string{
		"prefers pickup", "likes \"limited\" drops\nand 🎧 vinyl", "asked about sizing — EU 42",
		`path C:\drops\2025`, "tab\tseparated", "café ☕ regular",
	}
)
