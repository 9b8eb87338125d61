package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocsDescribeEveryFlag keeps docs/articlectl.md and the commands in
// step: every flag a command's --help lists is described in the command's
// section (or, for the connection flags, under "Connecting to a server"),
// and every flag the section's table describes exists.
func TestDocsDescribeEveryFlag(t *testing.T) {
	b, err := os.ReadFile("../../docs/articlectl.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	for _, s := range strings.Split(string(b), "\n## ") {
		title, body, _ := strings.Cut(s, "\n")
		sections[title] = body
	}
	connecting := sections["Connecting to a server"]
	helpFlag := regexp.MustCompile(`(?m)^  -([a-z-]+)`)
	tableFlag := regexp.MustCompile("(?m)^\\| `--([a-z-]+)`(?:, `--([a-z-]+)`)*")
	for _, cmd := range [][]string{{"process"}, {"sanitize"}, {"policies"}, {"policy", "lint"}, {"ingest"}, {"subscribe"}, {"get"}, {"list"}, {"consume"}, {"groups"}} {
		name := strings.Join(cmd, " ")
		t.Run(strings.ReplaceAll(name, " ", "_")+"_is_documented", func(t *testing.T) {
			section, ok := sections["articlectl "+name]
			if !ok {
				t.Fatalf("docs/articlectl.md has no section \"## articlectl %s\"", name)
			}
			r := ctl(t, "", append(cmd, "--help")...)
			flags := map[string]bool{}
			for _, m := range helpFlag.FindAllStringSubmatch(r.stdout, -1) {
				flags[m[1]] = true
				if !strings.Contains(section, "`--"+m[1]+"`") && !strings.Contains(connecting, "`--"+m[1]+"`") {
					t.Errorf("--%s of %s is not in docs/articlectl.md", m[1], name)
				}
			}
			for _, row := range tableFlag.FindAllString(section, -1) {
				for _, f := range regexp.MustCompile("`--([a-z-]+)`").FindAllStringSubmatch(row, -1) {
					if !flags[f[1]] {
						t.Errorf("docs/articlectl.md describes --%s, which %s does not have", f[1], name)
					}
				}
			}
		})
	}
}
