// Package keyform recognizes text that is a key already: the folds that
// turn names into the keys they are compared by (NFKC, lower case, single
// spaces) would leave it as it is. The policy engine folds the site,
// section, categories and author of every document to select its policy,
// and the pipeline folds every category into a category key; most names
// crawlers send are keys already, and Is lets both skip the folding for
// them with one pass over the bytes.
//
//	keyform.Is("科技 news")  // true: the folds return it unchanged
//	keyform.Is("IT之家")     // false: lower-casing changes it
//	keyform.Is("财经－国內") // false: NFKC makes the full-width dash a '-'
package keyform
