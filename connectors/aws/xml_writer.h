#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace switchyard::aws {

// Appends `text` escaped for XML character data: & < > as entities, CR as &#xD; (so it survives
// XML's newline normalisation), and anything XML 1.0 cannot carry (other C0 controls, malformed
// UTF-8) as U+FFFD.
void appendXmlText(std::string& out, std::string_view text);
// As appendXmlText, and quotes too, for attribute values.
void appendXmlAttribute(std::string& out, std::string_view value);

// A minimal streaming writer for the XML AWS answers with. No declaration, no indentation:
// `<A xmlns="..."><B>text</B></A>`. Tags are trusted (they come from code, not the network).
class XmlWriter {
 public:
  // <name> or <name xmlns="...">
  XmlWriter& open(std::string_view name, std::string_view xmlns = {});
  // </name> of the innermost open element.
  XmlWriter& close();
  // <name>escaped text</name>
  XmlWriter& element(std::string_view name, std::string_view text);
  XmlWriter& text(std::string_view text);
  // Already-formed XML, appended as is.
  XmlWriter& raw(std::string_view xml);

  // Closes whatever is still open and returns the document.
  std::string finish() &&;
  const std::string& buffer() const { return out_; }

 private:
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace switchyard::aws
