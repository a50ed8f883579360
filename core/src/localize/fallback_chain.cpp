#include "fallback_chain.h"

#include <algorithm>

namespace hocso {

std::vector<std::string> fallback_chain(const std::string& language, const DeclaredFallbacks& declared,
                                        const std::string& source_language) {
  std::vector<std::string> chain{language};
  if (auto it = declared.find(language); it != declared.end())
    for (const auto& l : it->second)
      if (l != source_language && std::find(chain.begin(), chain.end(), l) == chain.end()) chain.push_back(l);
  if (language != source_language) chain.push_back(source_language);
  return chain;
}

}  // namespace hocso
