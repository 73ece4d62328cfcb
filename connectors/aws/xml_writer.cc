#include "connectors/aws/xml_writer.h"

#include <cstdint>
#include <utility>

namespace switchyard::aws {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at text[i], or 0; `allowed` says whether XML 1.0's
// Char production admits it.
size_t utf8Length(std::string_view text, size_t i, bool* allowed) {
  *allowed = true;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length = 0;
  uint32_t code = 0;
  uint32_t min = 0;
  if (lead < 0x80) {
    return 1;
  } else if ((lead & 0xe0) == 0xc0) {
    length = 2;
    code = lead & 0x1f;
    min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    code = lead & 0x0f;
    min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    code = lead & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) {
      return 0;
    }
    code = (code << 6) | (byte(i + k) & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    return 0;
  }
  *allowed = code != 0xfffe && code != 0xffff;
  return length;
}

void appendEscaped(std::string& out, std::string_view text, bool attribute) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      bool allowed = false;
      size_t length = utf8Length(text, i, &allowed);
      if (length == 0) {
        out.append(kReplacement);
        ++i;
        continue;
      }
      if (allowed) {
        out.append(text.substr(i, length));
      } else {
        out.append(kReplacement);
      }
      i += length;
      continue;
    }
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '\r':
        out.append("&#xD;");
        break;
      case '"':
        out.append(attribute ? "&quot;" : "\"");
        break;
      case '\'':
        out.append(attribute ? "&apos;" : "'");
        break;
      case '\n':
      case '\t':
        if (attribute) {  // attribute-value normalisation would turn them into spaces
          out.append(c == '\n' ? "&#xA;" : "&#x9;");
        } else {
          out.push_back(static_cast<char>(c));
        }
        break;
      default:
        if (c < 0x20) {
          out.append(kReplacement);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
}

}  // namespace

void appendXmlText(std::string& out, std::string_view text) { appendEscaped(out, text, false); }

void appendXmlAttribute(std::string& out, std::string_view value) {
  appendEscaped(out, value, true);
}

XmlWriter& XmlWriter::open(std::string_view name, std::string_view xmlns) {
  out_.push_back('<');
  out_.append(name);
  if (!xmlns.empty()) {
    out_.append(" xmlns=\"");
    appendXmlAttribute(out_, xmlns);
    out_.push_back('"');
  }
  out_.push_back('>');
  open_.emplace_back(name);
  return *this;
}

XmlWriter& XmlWriter::close() {
  if (open_.empty()) {
    return *this;
  }
  out_.append("</");
  out_.append(open_.back());
  out_.push_back('>');
  open_.pop_back();
  return *this;
}

XmlWriter& XmlWriter::element(std::string_view name, std::string_view text) {
  out_.push_back('<');
  out_.append(name);
  out_.push_back('>');
  appendXmlText(out_, text);
  out_.append("</");
  out_.append(name);
  out_.push_back('>');
  return *this;
}

XmlWriter& XmlWriter::text(std::string_view text) {
  appendXmlText(out_, text);
  return *this;
}

XmlWriter& XmlWriter::raw(std::string_view xml) {
  out_.append(xml);
  return *this;
}

std::string XmlWriter::finish() && {
  while (!open_.empty()) {
    close();
  }
  return std::move(out_);
}

}  // namespace switchyard::aws
