#include "auth/common_passwords.h"

#include <algorithm>
#include <iterator>

#include "base/encoding.h"

namespace syntera::auth {
namespace {

// Lowercase. Shorter entries are kept for completeness; the length rule rejects them first.
constexpr std::string_view kCommon[] = {
    "password",   "password1",   "password12", "password123",   "password1234", "password!",
    "passw0rd",   "p@ssw0rd",    "p@ssword",   "pa55word",      "12345678",     "123456789",
    "1234567890", "12345678910", "0123456789", "87654321",      "987654321",    "11111111",
    "00000000",   "88888888",    "12341234",   "11223344",      "12121212",     "123123123",
    "147258369",  "123qweasd",   "qwerty123",  "qwertyui",      "qwertyuiop",   "qwerty12",
    "qwerty1234", "1q2w3e4r",    "1q2w3e4r5t", "1qaz2wsx",      "zaq12wsx",     "qazwsxedc",
    "asdfghjkl",  "asdf1234",    "zxcvbnm1",   "abcd1234",      "abc12345",     "abcdefgh",
    "aa123456",   "a1b2c3d4",    "iloveyou",   "iloveyou1",     "iloveyou2",    "sunshine",
    "sunshine1",  "princess",    "princess1",  "football",      "football1",    "baseball",
    "basketball", "superman",    "batman123",  "starwars",      "pokemon1",     "whatever",
    "trustno1",   "letmein1",    "letmein123", "welcome1",      "welcome123",   "welcome!",
    "changeme",   "changeme1",   "admin123",   "administrator", "adminadmin",   "root1234",
    "master12",   "mustang1",    "michael1",   "charlie1",      "jennifer",     "jordan23",
    "dragon12",   "monkey12",    "shadow12",   "computer",      "internet",     "whatever1",
    "freedom1",   "qwerty1!",    "hello123",   "helloworld",    "access14",     "passport",
    "secret123",  "login123",    "test1234",   "testtest",      "default1",     "guest123",
    "user1234",   "samsung1",    "google123",  "facebook",      "linkedin",     "liverpool",
    "chelsea1",   "arsenal1",    "summer2024", "winter2024",    "spring2024",   "autumn2024",
    "company1",   "syntera1",    "syntera123",
};

}  // namespace

bool IsCommonPassword(std::string_view password) {
  std::string lower = ToLowerAscii(password);
  return std::find(std::begin(kCommon), std::end(kCommon), lower) != std::end(kCommon);
}

}  // namespace syntera::auth
