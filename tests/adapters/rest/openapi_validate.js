// Loads and validates an OpenAPI document with @apidevtools/swagger-parser (see
// openapi_validate.sh). Prints the API title and path count when valid.
const SwaggerParser = require("@apidevtools/swagger-parser");
SwaggerParser.validate(process.argv[2])
  .then((api) => {
    console.log(`valid: ${api.info.title}, ${Object.keys(api.paths).length} paths`);
  })
  .catch((err) => {
    console.error(`invalid: ${err.message}`);
    process.exit(1);
  });
