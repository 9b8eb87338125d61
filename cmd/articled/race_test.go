//go:build race

package main

// raceBuild: the test binary is built with the race detector, so a child
// built the same way reuses the compiled packages.
const raceBuild = true
