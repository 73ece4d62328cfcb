# The handler: gets the event as $1, prints the response on stdout.
function handler () {
  EVENT_DATA=$1
  echo "handling $EVENT_DATA" 1>&2
  RESPONSE="{\"echo\":$EVENT_DATA}"
  echo "$RESPONSE"
}
