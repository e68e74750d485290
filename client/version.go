package client

// Version is the SDK's version, sent in the User-Agent ([DefaultUserAgent]): the latest release
// in the module's CHANGELOG.md, without the leading "v" of its tag. Between releases it stays the
// last release's; the module version of a build (from its tag, for a program that requires
// github.com/fanfare-go/fanfare@vX) is in runtime/debug's build information.
const Version = "0.1.0"
