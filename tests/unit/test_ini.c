/* Unit tests for the AWS shared config file parser (aws/ini.h): comments,
 * inline comments, sub-properties, services sections, whitespace, last one
 * wins, and every error with its file:line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aws/ini.h"
#include "tap.h"

static aws_ini *parse(const char *text)
{
    aws_ini *ini = NULL;
    sdh_error err;
    sdh_error_clear(&err);
    sdh_status r = aws_ini_parse("mem", text, strlen(text), &ini, &err);
    if (r != SDH_STATUS_OK)
        printf("# unexpected error: %s\n", err.message);
    return ini;
}

/* Parse text that must fail; returns the message (static buffer). */
static const char *parse_error(const char *text, sdh_status *status)
{
    static sdh_error err;
    aws_ini *ini = NULL;
    sdh_error_clear(&err);
    *status = aws_ini_parse("/x/config", text, strlen(text), &ini, &err);
    aws_ini_free(ini);
    if (*status == SDH_STATUS_OK)
        return "";
    return err.message;
}

static void test_basic(void)
{
    aws_ini *ini = parse("# a comment\n"
                         "; another\n"
                         "[default]\n"
                         "region = us-west-2\n"
                         "  \n"
                         "output=json\n"
                         "spaced   =   value with spaces   \n"
                         "[profile dev]\r\n"
                         "region = eu-west-1 # trailing comment\r\n"
                         "url = http://x/#frag\n"
                         "semi = a;b ; c\n"
                         "colon: yes\n"
                         "empty =\n"
                         "[  profile    spaced  ]\n"
                         "k = v\n");
    CHECK(ini != NULL, "basic file parses");
    CHECK(aws_ini_has_section(ini, "default"), "has [default]");
    CHECK(aws_ini_has_section(ini, "profile dev"), "has [profile dev] with CRLF line endings");
    CHECK(!aws_ini_has_section(ini, "dev"), "no [dev]");
    CHECK(aws_ini_has_section(ini, "profile spaced"), "section name trimmed and collapsed");
    CHECK_STR_EQ(aws_ini_get(ini, "default", "region"), "us-west-2", "value");
    CHECK_STR_EQ(aws_ini_get(ini, "default", "output"), "json", "no spaces around =");
    CHECK_STR_EQ(aws_ini_get(ini, "default", "spaced"), "value with spaces",
                 "key and value trimmed");
    CHECK_STR_EQ(aws_ini_get(ini, "profile dev", "region"), "eu-west-1", "inline comment cut");
    CHECK_STR_EQ(aws_ini_get(ini, "profile dev", "url"), "http://x/#frag",
                 "'#' without whitespace before it is kept");
    CHECK_STR_EQ(aws_ini_get(ini, "profile dev", "semi"), "a;b", "'; ' after space is a comment");
    CHECK_STR_EQ(aws_ini_get(ini, "profile dev", "colon"), "yes", "':' delimiter");
    CHECK_STR_EQ(aws_ini_get(ini, "profile dev", "empty"), "", "empty value");
    CHECK(aws_ini_get(ini, "profile dev", "output") == NULL, "keys are per section");
    CHECK(aws_ini_get(ini, "default", "Region") == NULL, "keys are case-sensitive");
    CHECK(aws_ini_get(ini, "nosuch", "region") == NULL, "missing section");
    CHECK_INT_EQ(aws_ini_line(ini, "default", "region"), 4, "line of a key");
    CHECK_STR_EQ(aws_ini_name(ini), "mem", "name kept");
    aws_ini_free(ini);
}

static void test_last_wins(void)
{
    aws_ini *ini = parse("[a]\nk = 1\nk = 2\n[b]\nk = 3\n[a]\nk = 4\nj = 5\n");
    CHECK_STR_EQ(aws_ini_get(ini, "a", "k"), "4", "repeated key and section: last wins");
    CHECK_STR_EQ(aws_ini_get(ini, "a", "j"), "5", "repeated section merges");
    CHECK_STR_EQ(aws_ini_get(ini, "b", "k"), "3", "other section unaffected");
    CHECK_INT_EQ(aws_ini_line(ini, "a", "k"), 7, "line of the winning key");
    aws_ini_free(ini);
}

static void test_sub_properties(void)
{
    aws_ini *ini = parse("[profile dev]\n"
                         "services = local\n"
                         "s3 =\n"
                         "  max_concurrent_requests = 10\n"
                         "\n"
                         "  # comment inside\n"
                         "\taddressing_style = path # comment\n"
                         "region = us-east-2\n"
                         "[services local]\n"
                         "sagemaker =\n"
                         "  endpoint_url = http://127.0.0.1:5000\n"
                         "cloudwatch =\n"
                         "    endpoint_url=http://localhost:1\n");
    CHECK(ini != NULL, "sub-properties parse");
    CHECK_STR_EQ(aws_ini_get(ini, "profile dev", "s3.max_concurrent_requests"), "10",
                 "sub-property stored as parent.child");
    CHECK_STR_EQ(aws_ini_get(ini, "profile dev", "s3.addressing_style"), "path",
                 "sub-property after blank and comment lines, tab-indented, comment cut");
    CHECK_STR_EQ(aws_ini_get(ini, "profile dev", "s3"), "", "parent has an empty value");
    CHECK_STR_EQ(aws_ini_get(ini, "profile dev", "region"), "us-east-2",
                 "unindented key ends the block");
    CHECK(aws_ini_get(ini, "profile dev", "s3.region") == NULL, "region is not a sub-property");
    CHECK_STR_EQ(aws_ini_get(ini, "services local", "sagemaker.endpoint_url"),
                 "http://127.0.0.1:5000", "services section sub-property");
    CHECK_STR_EQ(aws_ini_get(ini, "services local", "cloudwatch.endpoint_url"),
                 "http://localhost:1", "services section sub-property without spaces");
    aws_ini_free(ini);

    ini = parse("[a]\n  indented = first\nk = v\n");
    CHECK_STR_EQ(aws_ini_get(ini, "a", "indented"), "first",
                 "indented key right after a header is a normal key");
    aws_ini_free(ini);
}

static void test_bom_and_empty(void)
{
    aws_ini *ini = parse("\xEF\xBB\xBF[default]\nregion = x\n");
    CHECK_STR_EQ(aws_ini_get(ini, "default", "region"), "x", "UTF-8 BOM skipped");
    aws_ini_free(ini);
    ini = parse("");
    CHECK(ini != NULL && !aws_ini_has_section(ini, "default"), "empty text: no sections");
    aws_ini_free(ini);
    ini = parse("[default]\nlast = no newline");
    CHECK_STR_EQ(aws_ini_get(ini, "default", "last"), "no newline", "last line without newline");
    aws_ini_free(ini);
}

static void test_errors(void)
{
    static const struct {
        const char *text;
        const char *want;
    } cases[] = {
        {"region = x\n[default]\n", "/x/config:1: key outside of any [section]"},
        {"# c\n\n[default\nk = v\n", "/x/config:3: section header without a closing ']'"},
        {"[default]\nk = v\n[]\n", "/x/config:3: malformed section header"},
        {"[a]\n[b] junk\n", "/x/config:2: text after the section header"},
        {"[a]\njust words\n", "/x/config:2: line is not 'key = value'"},
        {"[a]\n = v\n", "/x/config:2: empty key"},
        {"[a]\nk = v\n  more\n",
         "/x/config:3: unexpected indented line (continuation of 'k', which already has a value)"},
        {"[a]\ns3 =\n  no equals here\n", "/x/config:3: sub-property is not 'key = value'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sdh_status st;
        const char *msg = parse_error(cases[i].text, &st);
        CHECK_INT_EQ(st, SDH_STATUS_CONFIG_ERROR, "error status");
        CHECK_STR_EQ(msg, cases[i].want, "error message names file:line");
    }
    sdh_status st;
    static const char nul_text[] = "[a]\nk = v\0x\n";
    sdh_error err;
    aws_ini *ini = NULL;
    st = aws_ini_parse("/x/config", nul_text, sizeof(nul_text) - 1, &ini, &err);
    CHECK_INT_EQ(st, SDH_STATUS_CONFIG_ERROR, "NUL byte refused");
    CHECK_STR_EQ(err.message, "/x/config:2: NUL byte in the file", "NUL byte message");
}

static void test_files(void)
{
    char dir[] = "/tmp/test_ini_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp");
        return;
    }
    char path[256];
    snprintf(path, sizeof(path), "%s/config", dir);
    aws_ini *ini = (aws_ini *)1;
    sdh_error err;
    sdh_error_clear(&err);
    CHECK_INT_EQ(aws_ini_parse_file(path, &ini, &err), SDH_STATUS_OK, "missing file is fine");
    CHECK(ini == NULL, "missing file gives NULL");
    FILE *f = fopen(path, "w");
    fputs("[default]\nregion = ap-south-1\n[profile x]\nbad line\n", f);
    fclose(f);
    CHECK_INT_EQ(aws_ini_parse_file(path, &ini, &err), SDH_STATUS_CONFIG_ERROR, "bad file");
    char want[300];
    snprintf(want, sizeof(want), "%s:4: line is not 'key = value'", path);
    CHECK_STR_EQ(err.message, want, "file error names the path and line");
    f = fopen(path, "w");
    fputs("[default]\nregion = ap-south-1\n", f);
    fclose(f);
    CHECK_INT_EQ(aws_ini_parse_file(path, &ini, &err), SDH_STATUS_OK, "good file");
    CHECK_STR_EQ(aws_ini_get(ini, "default", "region"), "ap-south-1", "value from a file");
    CHECK_STR_EQ(aws_ini_name(ini), path, "file name kept");
    aws_ini_free(ini);
    CHECK_INT_EQ(aws_ini_parse_file(dir, &ini, &err), SDH_STATUS_CONFIG_ERROR,
                 "a directory is an error");
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    test_basic();
    test_last_wins();
    test_sub_properties();
    test_bom_and_empty();
    test_errors();
    test_files();
    return tap_done();
}
