package articlelog

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Subjects: every article is stored on
//
//	<prefix>.articles.<site>.<language>.<id>
//
// site is the first 16 hex digits of SHA-256(Article.site), language the
// primary subtag of Article.language in lower case (see languageToken) and
// id the first 32 hex digits of SHA-256(Article.id). The id token makes the
// subjects of one article's versions match <prefix>.articles.*.*.<id>, so
// the latest version is a last-by-subject lookup held by JetStream itself;
// the site and language tokens let a consumer filter on the server.

const articlesToken = "articles"

func siteToken(site string) string {
	sum := sha256.Sum256([]byte(site))
	return hex.EncodeToString(sum[:8])
}

func idToken(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:16])
}

// languageToken is the primary subtag of a language tag ("zh-Hant" → "zh"),
// lower-cased, each byte outside [a-z0-9] replaced by "_", at most 8
// bytes; "und" when empty.
func languageToken(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if len(lang) > 8 {
		lang = lang[:8]
	}
	if lang == "" {
		return "und"
	}
	b := []byte(strings.ToLower(lang))
	for i, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

func (l *Log) articleSubject(site, lang, idTok string) string {
	return l.cfg.SubjectPrefix + "." + articlesToken + "." + siteToken(site) + "." + languageToken(lang) + "." + idTok
}

// idSubject matches every version of the article with this id token.
func (l *Log) idSubject(idTok string) string {
	return l.cfg.SubjectPrefix + "." + articlesToken + ".*.*." + idTok
}

func (l *Log) allSubjects() string {
	return l.cfg.SubjectPrefix + "." + articlesToken + ".>"
}

func (l *Log) filterSubject(siteTok, langTok string) string {
	return l.cfg.SubjectPrefix + "." + articlesToken + "." + siteTok + "." + langTok + ".*"
}
