// Article generator (see article_generator.h).
#include "article_generator.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>
#include <vector>

namespace reader::tools {

namespace {

// SplitMix64: small, fast, and the same on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <std::size_t N>
  std::string_view pick(const std::array<std::string_view, N>& words) { return words[below(N)]; }

 private:
  std::uint64_t state_;
};

struct Vocabulary {
  std::array<std::string_view, 16> subjects, verbs, objects, places, headings, titles;
  std::string_view said;
};

const Vocabulary& vocabulary(std::string_view lang) {
  static const Vocabulary en{
      {"IOM", "The programme", "The local authority", "A community leader", "The partnership", "The mission", "The field team",
       "A volunteer network", "The government", "The host community", "The health service", "The regional office", "The donor group",
       "The returnee association", "The youth council", "The women’s cooperative"},
      {"supports", "strengthens", "expands", "monitors", "improves", "funds", "coordinates", "assesses", "protects", "trains",
       "welcomes", "documents", "extends", "evaluates", "prepares", "restores"},
      {"safe migration", "access to water", "civil documentation", "shelter assistance", "data collection", "border management",
       "labour mobility", "climate adaptation", "reintegration support", "health screening", "community dialogue",
       "emergency response", "legal aid", "school enrolment", "vocational training", "referral systems"},
      {"in Colombia", "across the Sahel", "in the Pacific", "in Central America", "along the border", "in three regions",
       "in coastal districts", "in urban areas", "in rural communities", "in Bangladesh", "in Haiti", "in Niger", "in Peru",
       "in Fiji", "in Tunisia", "in the Horn of Africa"},
      {"Background", "What the programme covers", "Who benefits", "How it works", "Next steps", "Key figures", "Partners",
       "Lessons learned", "Funding", "Context", "Results so far", "Challenges", "In the field", "The data", "Looking ahead", "Method"},
      {"New support for", "IOM expands", "A year of", "Report on", "Partners commit to", "Communities lead", "Data shed light on",
       "Training strengthens", "Funding renewed for", "Progress on", "Emergency response to", "Pilot project for",
       "Agreement signed on", "Survey maps", "Campaign launched on", "Workshop on"},
      "said the head of the programme"};
  static const Vocabulary fr{
      {"L’OIM", "Le programme", "L’autorité locale", "Un responsable communautaire", "Le partenariat", "La mission",
       "L’équipe de terrain", "Le réseau de bénévoles", "Le gouvernement", "La communauté d’accueil", "Le service de santé",
       "Le bureau régional", "Le groupe de donateurs", "L’association des personnes de retour", "Le conseil des jeunes",
       "La coopérative de femmes"},
      {"soutient", "renforce", "élargit", "suit", "améliore", "finance", "coordonne", "évalue", "protège", "forme", "accueille",
       "documente", "prolonge", "prépare", "restaure", "accompagne"},
      {"la migration sûre", "l’accès à l’eau", "l’état civil", "l’aide au logement", "la collecte de données",
       "la gestion des frontières", "la mobilité de la main-d’œuvre", "l’adaptation au climat", "la réintégration",
       "le dépistage sanitaire", "le dialogue communautaire", "la réponse d’urgence", "l’aide juridique", "la scolarisation",
       "la formation professionnelle", "les systèmes d’orientation"},
      {"en Colombie", "au Sahel", "dans le Pacifique", "en Amérique centrale", "le long de la frontière", "dans trois régions",
       "dans les districts côtiers", "en zone urbaine", "dans les communautés rurales", "au Bangladesh", "en Haïti", "au Niger",
       "au Pérou", "aux Fidji", "en Tunisie", "dans la Corne de l’Afrique"},
      {"Contexte", "Ce que couvre le programme", "Qui en bénéficie", "Fonctionnement", "Prochaines étapes", "Chiffres clés",
       "Partenaires", "Enseignements", "Financement", "Situation", "Premiers résultats", "Défis", "Sur le terrain", "Les données",
       "Perspectives", "Méthode"},
      {"Nouveau soutien à", "L’OIM élargit", "Une année de", "Rapport sur", "Les partenaires s’engagent pour",
       "Les communautés mènent", "Des données éclairent", "La formation renforce", "Financement renouvelé pour", "Progrès pour",
       "Réponse d’urgence à", "Projet pilote pour", "Accord signé sur", "Une enquête cartographie", "Campagne lancée sur",
       "Atelier sur"},
      "a déclaré la responsable du programme"};
  static const Vocabulary es{
      {"La OIM", "El programa", "La autoridad local", "Un líder comunitario", "La alianza", "La misión", "El equipo de campo",
       "La red de voluntarios", "El gobierno", "La comunidad de acogida", "El servicio de salud", "La oficina regional",
       "El grupo de donantes", "La asociación de retornados", "El consejo juvenil", "La cooperativa de mujeres"},
      {"apoya", "fortalece", "amplía", "supervisa", "mejora", "financia", "coordina", "evalúa", "protege", "capacita", "acoge",
       "documenta", "extiende", "prepara", "restaura", "acompaña"},
      {"la migración segura", "el acceso al agua", "la documentación civil", "la asistencia en albergues", "la recopilación de datos",
       "la gestión de fronteras", "la movilidad laboral", "la adaptación climática", "la reintegración", "los controles de salud",
       "el diálogo comunitario", "la respuesta de emergencia", "la asistencia jurídica", "la escolarización",
       "la formación profesional", "los sistemas de derivación"},
      {"en Colombia", "en el Sahel", "en el Pacífico", "en Centroamérica", "a lo largo de la frontera", "en tres regiones",
       "en los distritos costeros", "en zonas urbanas", "en comunidades rurales", "en Bangladés", "en Haití", "en Níger",
       "en Perú", "en Fiyi", "en Túnez", "en el Cuerno de África"},
      {"Contexto", "Qué abarca el programa", "Quién se beneficia", "Cómo funciona", "Próximos pasos", "Cifras clave", "Socios",
       "Lecciones aprendidas", "Financiación", "Situación", "Primeros resultados", "Desafíos", "Sobre el terreno", "Los datos",
       "Perspectivas", "Método"},
      {"Nuevo apoyo a", "La OIM amplía", "Un año de", "Informe sobre", "Los socios se comprometen con", "Las comunidades lideran",
       "Los datos iluminan", "La formación fortalece", "Financiación renovada para", "Avances en", "Respuesta de emergencia a",
       "Proyecto piloto para", "Acuerdo firmado sobre", "Una encuesta mapea", "Campaña lanzada sobre", "Taller sobre"},
      "dijo la responsable del programa"};
  return lang == "fr" ? fr : lang == "es" ? es : en;
}

// The sentence that names an article's project, in its language.
std::string naming_sentence(std::string_view lang, std::string_view name) {
  const std::string n(name);
  if (lang == "fr") return "Le projet " + n + " fait partie de ce travail.";
  if (lang == "es") return "El proyecto " + n + " forma parte de este trabajo.";
  return "The " + n + " project is part of this work.";
}

// Syllables of the names: consonant + vowel, lower case, 16 of them accented. Their accent-free
// forms are all different, so names stay distinct (and unambiguous) once accents are stripped.
constexpr std::array<std::string_view, 48> kSyllables{
    "ba", "be", "bo", "da", "di", "do", "fa", "fe", "ga", "go", "ka", "ki", "la", "le", "lo", "ma",
    "mo", "nu", "ne", "no", "pa", "po", "ra", "ri", "sa", "se", "ta", "te", "va", "vi", "za", "zo",
    "ré", "ñá", "ñí", "çö", "çá", "lú", "mí", "tó", "gè", "dû", "pî", "sô", "bü", "kë", "fï", "zé"};

// One sentence; with `markup`, its object is now and then emphasised, strong or a link (a
// summary is plain text: docs/content.md).
std::string sentence(Random& r, const Vocabulary& v, bool markup = true) {
  std::string s = std::string(r.pick(v.subjects)) + " " + std::string(r.pick(v.verbs)) + " ";
  const std::string object(r.pick(v.objects));
  if (!markup) s += object;
  else if (r.chance(15)) s += "**" + object + "**";
  else if (r.chance(15)) s += "*" + object + "*";
  else if (r.chance(5)) s += "[" + object + "](https://www.iom.int/our-work)";
  else s += object;
  return s + " " + std::string(r.pick(v.places)) + ".";
}

// `named` (the naming sentence) ends paragraph number `which` of the plain paragraphs (the last
// one if there are fewer); it draws nothing from `r` or the shape, so the rest of the text is
// what it would be without it.
std::string body(Random& r, const Vocabulary& v, std::size_t words, std::uint64_t shape_seed, std::string_view named,
                 std::size_t which) {
  Random shape(shape_seed);  // the same structure in every language
  std::string out;
  std::vector<std::size_t> paragraph_ends;  // where each plain paragraph's text ends in `out`
  std::size_t written = 0;
  int section = 0;
  while (written < words) {
    if (written > 0 && shape.chance(25)) {
      out += "## " + std::string(v.headings[static_cast<std::size_t>(section++) % v.headings.size()]) + "\n\n";
    }
    const int kind = static_cast<int>(shape.below(10));
    if (kind == 0) {  // a list
      const std::size_t items = 2 + shape.below(4);
      for (std::size_t i = 0; i < items; ++i) {
        const std::string s = sentence(r, v);
        out += "- " + s + "\n";
        written += 8;
      }
      out += "\n";
    } else if (kind == 1) {  // a quote
      out += "> " + sentence(r, v) + " " + sentence(r, v) + " (" + std::string(v.said) + ")\n\n";
      written += 20;
    } else {
      const std::size_t sentences = 3 + shape.below(6);
      for (std::size_t i = 0; i < sentences; ++i) {
        out += sentence(r, v);
        if (i + 1 == sentences) paragraph_ends.push_back(out.size());
        out += i + 1 < sentences ? " " : "\n\n";
        written += 8;
      }
    }
  }
  if (paragraph_ends.empty()) out += std::string(named) + "\n\n";
  else out.insert(paragraph_ends[std::min(which, paragraph_ends.size() - 1)], " " + std::string(named));
  return out;
}

}  // namespace

std::string article_name(std::uint64_t index) {
  // index -> three base-48 digits through a bijection of [0, 48^3): neighbours get unrelated names.
  constexpr std::uint64_t kSpace = 48 * 48 * 48;  // 110,592 = 2^12 * 3^3; 48,271 is prime to it
  const std::uint64_t v = (index % kSpace * 48271 + 12345) % kSpace;
  std::string name;
  for (std::uint64_t d : {v / (48 * 48), v / 48 % 48, v % 48}) name += kSyllables[d];
  // Capitalise: ASCII, or a two-byte Latin-1 lower-case letter (U+00E0..U+00FE, minus 0x20).
  if (name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  else if (static_cast<unsigned char>(name[0]) == 0xC3) name[1] = static_cast<char>(name[1] - 0x20);
  return name;
}

std::string generate_article(const GeneratorOptions& options, std::uint64_t index) {
  Random r(options.seed * 1000003ull + index);
  char id[32];
  std::snprintf(id, sizeof id, "gen-%06llu", static_cast<unsigned long long>(index));
  const std::size_t words = 150 + r.below(1051);
  const std::uint64_t shape_seed = r.next();
  const int days = static_cast<int>(r.below(30 * 365));
  const int year = 2000 + days / 365, month = 1 + (days % 365) / 31 % 12, day = 1 + days % 28;
  char date[32];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);

  nlohmann::ordered_json a;
  a["id"] = id;
  a["section"] = options.sections.empty() ? "what-we-do" : options.sections[r.below(options.sections.size())];
  a["date"] = date;
  a["tags"] = {"generated"};
  nlohmann::ordered_json translations;
  const std::size_t topic = r.below(16), place = r.below(16);
  const std::string name = article_name(index);
  const bool name_in_title = index % 3 == 0;
  const std::size_t name_paragraph = index / 3 % 3;
  for (std::string_view lang : {"en", "fr", "es"}) {
    if ((lang == "fr" && r.chance(10)) || (lang == "es" && r.chance(20))) continue;  // a missing translation
    const Vocabulary& v = vocabulary(lang);
    Random text(r.next());
    nlohmann::ordered_json t;
    std::string title = std::string(v.titles[topic]) + " " + std::string(v.objects[place]) + " " + std::string(v.places[place]);
    if (name_in_title) title += " \xE2\x80\x94 " + name;  // " — Ñárécö"
    t["title"] = std::move(title);
    t["summary"] = sentence(text, v, false);
    t["body"] = body(text, v, words, shape_seed, naming_sentence(lang, name), name_paragraph);
    translations[std::string(lang)] = std::move(t);
  }
  a["translations"] = std::move(translations);
  return a.dump(2, ' ', false) + "\n";
}

}  // namespace reader::tools
