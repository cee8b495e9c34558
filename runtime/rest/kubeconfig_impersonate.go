package rest

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// applyImpersonation copies users[].user.as, as-uid, as-groups and
// as-user-extra into cfg.Impersonate. Whether a user name goes with them
// is checked once the --as flags are merged in
// (applyImpersonationOverrides), as kubectl validates the merged user.
func applyImpersonation(l *LoadedConfig, cfg *Config, user kubeconfigUser, src func(string) string) {
	if user.As != "" {
		cfg.Impersonate.UserName = user.As
		l.record("as", user.As, src("as"))
	}
	if user.AsUID != "" {
		cfg.Impersonate.UID = user.AsUID
		l.record("as-uid", user.AsUID, src("as-uid"))
	}
	if len(user.AsGroups) > 0 {
		cfg.Impersonate.Groups = slices.Clone(user.AsGroups)
		l.record("as-groups", strings.Join(user.AsGroups, ","), src("as-groups"))
	}
	if len(user.AsUserExtra) > 0 {
		cfg.Impersonate.Extra = ImpersonationConfig{Extra: user.AsUserExtra}.clone().Extra
		// Values (scopes, for example) are not shown; the keys say enough.
		l.record("as-user-extra", "keys "+strings.Join(slices.Sorted(maps.Keys(user.AsUserExtra)), ","), src("as-user-extra"))
	}
}

// applyImpersonationOverrides merges kubectl's --as, --as-uid and
// --as-group into the loaded configuration (a set flag replaces the
// kubeconfig's value, as kubectl's merge of its flags into the user does)
// and rejects a UID, groups or extra without a user name.
func applyImpersonationOverrides(l *LoadedConfig, opts LoadOptions) error {
	imp := &l.Config.Impersonate
	if opts.Impersonate != "" {
		imp.UserName = opts.Impersonate
		l.override("as", opts.Impersonate, "LoadOptions.Impersonate (--as)")
	}
	if opts.ImpersonateUID != "" {
		imp.UID = opts.ImpersonateUID
		l.override("as-uid", opts.ImpersonateUID, "LoadOptions.ImpersonateUID (--as-uid)")
	}
	if len(opts.ImpersonateGroups) > 0 {
		imp.Groups = slices.Clone(opts.ImpersonateGroups)
		l.override("as-groups", strings.Join(opts.ImpersonateGroups, ","), "LoadOptions.ImpersonateGroups (--as-group)")
	}
	if imp.UserName != "" || !imp.isSet() {
		return imp.validate()
	}
	for _, field := range []string{"as-uid", "as-groups", "as-user-extra"} {
		if src := l.Source(field); src != "" {
			return fmt.Errorf("%s: set without a user to impersonate; add as (or LoadOptions.Impersonate, kubectl's --as), as kubectl requires", src)
		}
	}
	return errors.New("rest: impersonation without a user name; set as (LoadOptions.Impersonate, kubectl's --as)")
}

// override records a value that replaces one recorded earlier, so Source
// and Origins name where the value in effect came from.
func (l *LoadedConfig) override(field, value, source string) {
	l.origins = slices.DeleteFunc(l.origins, func(o Origin) bool { return o.Field == field })
	l.record(field, value, source)
}
