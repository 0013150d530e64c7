/**
 * Deliberately broken caches and the jcstress tests that must catch them. These tests are
 * expected to report FORBIDDEN outcomes, so the default run leaves this package out (its test
 * names all start with {@code dev.purecache.jcstress.broken.}); run them on their own with
 * {@code -t 'dev\.purecache\.jcstress\.broken\.'}.
 */
package dev.purecache.jcstress.broken;
