// Input for soapcpp2. The broker declares no typed operations: it reads and writes HTTP bodies
// itself and only uses gSOAP's HTTP/1.1 engine. soapcpp2 still has to generate the small set of
// callbacks (fault and header serializers) that libgsoap++ links against.
